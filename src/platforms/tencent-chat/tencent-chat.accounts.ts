import { mapWithConcurrency } from '@app/common/map-with-concurrency';
import type { DesiredOperator } from '@app/directory/operator.types';
import type {
  CreateOperatorsResult,
  ListOperatorsParams,
  RemoteOperator,
} from '@app/platforms/chat-platform.adapter';
import { PlatformError, PlatformErrorCode, isPlatformError } from '@app/platforms/platform-error';
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
 * Tencent cannot enumerate accounts (§7.2): account_check the candidates' and the links' UserIDs,
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
 * multiaccount_import in batches of 100 (idempotent, so a retried batch never duplicates), then
 * portrait_set per account because that import cannot set a nick (§1.4).
 */
export const importOperators = async (
  { client, connectorId, userIdPrefix }: TencentAccounts,
  operators: DesiredOperator[],
): Promise<CreateOperatorsResult> => {
  const result: CreateOperatorsResult = { created: [], failed: [] };
  const fail = (key: string, error: unknown) =>
    result.failed.push({ key, error: asPlatformError(connectorId, error) });
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
  for (const batch of chunk(valid, TENCENT_BATCH_SIZE)) {
    let refused: Set<string>;
    try {
      refused = new Set(await client.multiaccountImport(batch.map((b) => b.userId)));
    } catch (error) {
      batch.forEach((b) => fail(b.operator.key, error));
      continue;
    }
    // portrait_set takes one account per call: keep several in flight, the rate limiter paces them.
    await mapWithConcurrency(batch, NICK_CONCURRENCY, async ({ operator, userId }) => {
      const nick = operator.name.trim();
      if (refused.has(userId)) {
        const message = `Tencent refused to import "${userId}" (FailAccounts)`;
        fail(operator.key, platformError(connectorId, PlatformErrorCode.REJECTED, message));
        return;
      }
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
  }
  return result;
};

const NICK_CONCURRENCY = 8;

const asPlatformError = (connectorId: string, error: unknown): PlatformError =>
  isPlatformError(error)
    ? error
    : new PlatformError({
        code: PlatformErrorCode.TEMPORARY,
        connectorId,
        message: String(error),
        cause: error,
      });
