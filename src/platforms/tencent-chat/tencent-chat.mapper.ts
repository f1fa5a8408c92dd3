import { isJsonObject } from '@app/platforms/json-object';
import type { Availability, OperatorStatus } from '@app/core/operator.types';
import type { RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';
import {
  TENCENT_NICK_TAG,
  TENCENT_USER_ID_MAX_BYTES,
} from '@app/platforms/tencent-chat/tencent-chat.options';
import type {
  AccountCheckItem,
  OnlineStatusItem,
  TencentItemResult,
  TencentOnlineState,
  TencentResponse,
  UserProfileItem,
} from '@app/platforms/tencent-chat/tencent-chat.types';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => isJsonObject(value);

const invalid = (connectorId: string, what: string): PlatformError =>
  new PlatformError({
    code: PlatformErrorCode.INVALID_RESPONSE,
    connectorId,
    message: `Tencent answered ${what}`,
  });

/** The always-200 envelope. Anything without it (an HTML error page, junk) is INVALID_RESPONSE. */
export const parseEnvelope = (data: unknown, connectorId: string, route: string): TencentResponse => {
  if (!isObject(data)) {
    throw invalid(connectorId, `${route} with something other than a JSON object`);
  }
  const status = data.ActionStatus;
  const code = data.ErrorCode ?? (status === 'OK' ? 0 : undefined);
  if ((status !== 'OK' && status !== 'FAIL') || typeof code !== 'number') {
    throw invalid(connectorId, `${route} without the ActionStatus/ErrorCode envelope`);
  }
  const info = typeof data.ErrorInfo === 'string' ? data.ErrorInfo : '';
  return { ...data, ActionStatus: status, ErrorCode: code, ErrorInfo: info };
};

export const isFailure = (response: TencentResponse): boolean =>
  response.ActionStatus !== 'OK' || response.ErrorCode !== 0;

const listOf = <T>(
  response: TencentResponse,
  field: string,
  isItem: (value: unknown) => value is T,
  where: { connectorId: string; route: string },
): T[] => {
  const value = response[field];
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || !value.every(isItem)) {
    throw invalid(where.connectorId, `${where.route} with a malformed ${field}`);
  }
  return value;
};

const hasUserId = (value: unknown): value is AccountCheckItem =>
  isObject(value) && typeof value.UserID === 'string' && typeof value.ResultCode === 'number';
const hasToAccount = (
  value: unknown,
): value is UserProfileItem & OnlineStatusItem & { ErrorCode?: unknown } =>
  isObject(value) && typeof value.To_Account === 'string';
const isString = (value: unknown): value is string => typeof value === 'string';

type Where = { connectorId: string; route: string };

/** account_check and account_delete: `ResultItem[{UserID, ResultCode, ResultInfo, AccountStatus?}]`. */
export const parseResultItems = (response: TencentResponse, where: Where): AccountCheckItem[] =>
  listOf(response, 'ResultItem', hasUserId, where);

export const toItemResult = (item: AccountCheckItem): TencentItemResult => ({
  userId: item.UserID,
  code: item.ResultCode,
  info: item.ResultInfo,
});

/** multiaccount_import reports refused ids in `FailAccounts`, without a reason. */
export const parseFailAccounts = (response: TencentResponse, where: Where): string[] =>
  listOf(response, 'FailAccounts', isString, where);

/** portrait_get: nick per account; a non-zero per-item ResultCode is reported as such. */
export const parseProfiles = (
  response: TencentResponse,
  where: Where,
): Array<TencentItemResult & { nick?: string }> =>
  listOf(response, 'UserProfileItem', hasToAccount, where).map((item) => {
    const nick = item.ProfileItem?.find((p) => p.Tag === TENCENT_NICK_TAG)?.Value;
    return {
      userId: item.To_Account,
      code: item.ResultCode ?? 0,
      info: item.ResultInfo,
      nick: typeof nick === 'string' ? nick : undefined,
    };
  });

/** query_online_status: states from `QueryResult` (State or Status), failures from `ErrorList`. */
export const parseOnlineStatus = (
  response: TencentResponse,
  where: Where,
): { states: Array<{ userId: string; state: TencentOnlineState }>; errors: TencentItemResult[] } => {
  const states = listOf(response, 'QueryResult', hasToAccount, where).map((item) => {
    const state = item.State ?? item.Status;
    if (state !== 'Online' && state !== 'PushOnline' && state !== 'Offline') {
      throw invalid(where.connectorId, `${where.route} with an unknown state for ${item.To_Account}`);
    }
    return { userId: item.To_Account, state };
  });
  const errors = listOf(response, 'ErrorList', hasToAccount, where).map((item) => ({
    userId: item.To_Account,
    code: typeof item.ErrorCode === 'number' ? item.ErrorCode : -1,
  }));
  return { states, errors };
};

/**
 * Online is the only available state. PushOnline (the OS killed the app) is offline but
 * weak: the agent did not choose it, so it must not be pushed to the other platforms.
 */
export const toAvailability = (state: TencentOnlineState): { availability: Availability; weak?: boolean } => {
  switch (state) {
    case 'Online':
      return { availability: 'online' };
    case 'PushOnline':
      return { availability: 'offline', weak: true };
    case 'Offline':
      return { availability: 'offline' };
  }
};

export const toUserId = (prefix: string, key: string): string => `${prefix}${key}`;

export const isUserIdTooLong = (userId: string): boolean =>
  Buffer.byteLength(userId, 'utf8') > TENCENT_USER_ID_MAX_BYTES;

// Tencent keeps no status: the link remembers what chat-bridge made it. "deleted" has no IM form
// here (a deleted account is gone), so a kicked-instead-of-deleted account reads back inactive.
export const toRemoteOperator = (params: {
  userId: string;
  key: string;
  nick?: string;
  linkStatus?: OperatorStatus | null;
}): RemoteOperator => ({
  remoteId: params.userId,
  key: params.key,
  name: params.nick ?? '',
  status: params.linkStatus === 'inactive' || params.linkStatus === 'deleted' ? 'inactive' : 'active',
});
