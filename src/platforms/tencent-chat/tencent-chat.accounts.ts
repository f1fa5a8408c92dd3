import { mapWithConcurrency } from '@app/core/map-with-concurrency';
import type { DesiredOperator } from '@app/core/operator.types';
import type {
  CreateOperatorsResult,
  ListOperatorsParams,
  RemoteOperator,
} from '@app/platforms/chat-platform.adapter';
import { PlatformError, PlatformErrorCode, asPlatformError } from '@app/core/platform-error';
import { type Sleep, type UnclearCreate, settleUnknownCreates } from '@app/platforms/settle-unknown-creates';
import { type TencentChatClient, chunk } from '@app/platforms/tencent-chat/tencent-chat.client';
import { isUserIdTooLong, toRemoteOperator, toUserId } from '@app/platforms/tencent-chat/tencent-chat.mapper';
import {
  TENCENT_BATCH_SIZE,
  TENCENT_USER_ID_MAX_BYTES,
} from '@app/platforms/tencent-chat/tencent-chat.options';
import type { TencentItemResult } from '@app/platforms/tencent-chat/tencent-chat.types';
import { tencentErrorEntry, toTencentError } from '@app/platforms/tencent-chat/tencent-error-codes';

/** What the account operations need: the REST client and how keys become IM UserIDs. */
export interface TencentAccounts {
  client: TencentChatClient;
  connectorId: string;
  userIdPrefix: string;
  /** The connector's request timeout: how long an unanswered import may still be on its way. */
  timeoutMs: number;
  /** portrait_set calls in flight at once (one account per call). */
  writesInFlight: number;
  sleep?: Sleep;
}

export const platformError = (connectorId: string, code: PlatformErrorCode, message: string): PlatformError =>
  new PlatformError({ code, connectorId, message });

export const itemError = (connectorId: string, item: TencentItemResult, what: string): PlatformError =>
  toTencentError({
    errorCode: item.code,
    errorInfo: item.info,
    connectorId,
    route: `${what} for "${item.userId}"`,
  });

/** A per-item rate limit or internal error fails a whole read so the run retries it; other codes mean "absent". */
export const throwTransient = (connectorId: string, items: TencentItemResult[]): void => {
  const transient = items.find(
    (item) => item.code !== 0 && tencentErrorEntry(item.code).handling === 'backoff',
  );
  if (transient) {
    throw itemError(connectorId, transient, 'a batch read');
  }
};

/**
 * Tencent cannot enumerate accounts: account_check the candidates' and the links' UserIDs,
 * then portrait_get the nicks of the imported ones. Status comes from the link: Tencent keeps none.
 */
export const readOperators = async (
  { client, connectorId, userIdPrefix }: TencentAccounts,
  { candidates, links }: ListOperatorsParams,
): Promise<RemoteOperator[]> => {
  const keyByUserId = new Map<string, string>();
  for (const candidate of candidates) {
    const userId = toUserId(userIdPrefix, candidate.key);
    if (!isUserIdTooLong(userId)) {
      keyByUserId.set(userId, candidate.key);
    }
  }
  links.forEach((link) => keyByUserId.set(link.remoteId, link.operatorKey));
  if (keyByUserId.size === 0) {
    return [];
  }
  const checked = await client.accountCheck([...keyByUserId.keys()]);
  throwTransient(
    connectorId,
    checked.map((item) => ({ userId: item.UserID, code: item.ResultCode, info: item.ResultInfo })),
  );
  const imported = checked.filter((item) => item.ResultCode === 0 && item.AccountStatus === 'Imported');
  const profiles = await client.getNicks(imported.map((item) => item.UserID));
  throwTransient(connectorId, profiles);
  const nicks = new Map(profiles.filter((p) => p.code === 0).map((p) => [p.userId, p.nick]));
  const statusByUserId = new Map(links.map((link) => [link.remoteId, link.remoteStatus]));
  return imported.map(({ UserID: userId }) =>
    toRemoteOperator({
      userId,
      key: keyByUserId.get(userId)!,
      nick: nicks.get(userId),
      linkStatus: statusByUserId.get(userId),
    }),
  );
};

/**
 * multiaccount_import in batches of 100, then portrait_set per account because that import cannot
 * set a nick. An import without a clear answer is never re-sent within the call (one rule
 * for every platform, though Tencent documents imports as idempotent): account_check reads it back.
 */
export const importOperators = async (
  accounts: TencentAccounts,
  operators: DesiredOperator[],
): Promise<CreateOperatorsResult> => {
  const { client, connectorId, userIdPrefix } = accounts;
  const result: CreateOperatorsResult = { created: [], failed: [], unknown: [] };
  const fail = (key: string, error: unknown) =>
    result.failed.push({ key, error: asPlatformError(error, connectorId) });
  const valid: Array<{ operator: DesiredOperator; userId: string }> = [];
  for (const operator of operators) {
    const userId = toUserId(userIdPrefix, operator.key);
    if (isUserIdTooLong(userId)) {
      const message = `IM UserID "${userId}" is longer than ${TENCENT_USER_ID_MAX_BYTES} bytes; shorten the key or options.userIdPrefix`;
      fail(operator.key, platformError(connectorId, PlatformErrorCode.REJECTED, message));
    } else {
      valid.push({ operator, userId });
    }
  }
  const imported: typeof valid = [];
  const unclear: UnclearCreate[] = [];
  for (const batch of chunk(valid, TENCENT_BATCH_SIZE)) {
    let refused: Set<string>;
    try {
      refused = new Set(await client.multiaccountImport(batch.map((b) => b.userId)));
    } catch (caught) {
      const error = asPlatformError(caught, connectorId);
      batch.forEach((b) =>
        (error.outcomeUnknown ? unclear : result.failed).push({ key: b.operator.key, error }),
      );
      continue;
    }
    for (const item of batch) {
      if (refused.has(item.userId)) {
        const message = `Tencent refused to import "${item.userId}" (FailAccounts)`;
        fail(item.operator.key, platformError(connectorId, PlatformErrorCode.REJECTED, message));
      } else {
        imported.push(item);
      }
    }
  }
  if (unclear.length > 0) {
    const settled = await settleImports(accounts, valid, unclear);
    const byKey = new Map(valid.map((v) => [v.operator.key, v]));
    imported.push(...settled.created.map((c) => byKey.get(c.key)!));
    result.failed.push(...settled.failed);
    result.unknown.push(...settled.unknown);
  }
  // portrait_set takes one account per call: keep several in flight, the rate limiter paces them.
  await mapWithConcurrency(imported, accounts.writesInFlight, async ({ operator, userId }) => {
    const nick = operator.name.trim();
    try {
      await client.setNick(userId, nick);
      result.created.push({
        key: operator.key,
        remote: toRemoteOperator({ userId, key: operator.key, nick }),
      });
    } catch (error) {
      fail(operator.key, error);
    }
  });
  return result;
};

/** The UserID is Tencent's natural key: account_check says whether the import landed. */
const settleImports = (
  { client, connectorId, timeoutMs, sleep }: TencentAccounts,
  valid: Array<{ operator: DesiredOperator; userId: string }>,
  unclear: UnclearCreate[],
): Promise<CreateOperatorsResult> => {
  const userIdByKey = new Map(valid.map((v) => [v.operator.key, v.userId]));
  return settleUnknownCreates({
    unclear,
    timeoutMs,
    sleep,
    read: async (keys) => {
      const checked = await client.accountCheck(keys.map((k) => userIdByKey.get(k)!));
      throwTransient(
        connectorId,
        checked.map((item) => ({ userId: item.UserID, code: item.ResultCode, info: item.ResultInfo })),
      );
      const landed = new Set(
        checked
          .filter((item) => item.ResultCode === 0 && item.AccountStatus === 'Imported')
          .map((item) => item.UserID),
      );
      const found = new Map<string, RemoteOperator>();
      for (const key of keys) {
        const userId = userIdByKey.get(key)!;
        if (landed.has(userId)) {
          found.set(key, toRemoteOperator({ userId, key }));
        }
      }
      return { found };
    },
  });
};
