import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { TencentChatConnectorConfig } from '@app/core/config.types';
import type { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { PlatformErrorCode, isPlatformError } from '@app/core/platform-error';
import {
  TENCENT_BATCH_SIZE,
  TENCENT_COMMANDS,
  TENCENT_ENVELOPE_RETRIES,
  TENCENT_NICK_TAG,
  TENCENT_ONLINE_STATUS_BATCH_SIZE,
  type TencentCommand,
} from '@app/platforms/tencent-chat/tencent-chat.options';
import {
  isFailure,
  parseEnvelope,
  parseFailAccounts,
  parseOnlineStatus,
  parseProfiles,
  parseResultItems,
  toItemResult,
} from '@app/platforms/tencent-chat/tencent-chat.mapper';
import type {
  AccountCheckItem,
  DeskMemberStatus,
  TencentItemResult,
  TencentOnlineState,
  TencentResponse,
} from '@app/platforms/tencent-chat/tencent-chat.types';
import { tencentErrorEntry, toTencentError } from '@app/platforms/tencent-chat/tencent-error-codes';
import type { UserSigCache } from '@app/platforms/tencent-chat/tencent-usersig';

export interface TencentChatClientParams {
  config: TencentChatConnectorConfig;
  http: PlatformHttpClient;
  userSig: UserSigCache;
  /** Base of the backoff for rate-limit and internal-error codes, in ms (default 250). */
  backoffMs?: number;
  /** Retries after the first attempt, whatever failed: HTTP or such a code (default 3). */
  retries?: number;
}

const MAX_BACKOFF_MS = 5_000;
const MAX_RETRY_AFTER_MS = 30_000;

export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    batches.push(items.slice(i, i + size));
  }
  return batches;
};

// `random` must be new for every request; serialising here gives each HTTP retry its own.
const serializeQuery = (params: Record<string, string | number>): string =>
  new URLSearchParams({ ...params, random: String(randomBytes(4).readUInt32BE(0)) } as Record<
    string,
    string
  >).toString();

/** Tencent Cloud Chat server REST API. Knows the envelope, the sig and the batch sizes; no operator rules. */
export class TencentChatClient {
  constructor(private readonly params: TencentChatClientParams) {}

  private get connectorId(): string {
    return this.params.config.id;
  }

  /**
   * One REST command and the only retry layer of a Tencent call (the HTTP client sends once):
   * HTTP 429, 5xx and network errors, and the envelope's rate-limit and internal-error codes share
   * one budget of `retries` with backoff; 70001 re-signs once. `create`: a transport failure
   * that may have been applied (outcomeUnknown) is thrown at once, for the caller to read back.
   */
  async call(
    command: TencentCommand,
    body: object = {},
    options: { create?: boolean } = {},
  ): Promise<TencentResponse> {
    const route = `POST /v4/${command}`;
    const retries = this.params.retries ?? TENCENT_ENVELOPE_RETRIES;
    let resigned = false;
    let attempt = 0;
    for (;;) {
      let response: TencentResponse;
      try {
        response = await this.post(command, route, body);
      } catch (error) {
        const wait = this.transportRetryDelay(error, attempt, options.create === true);
        if (attempt >= retries || wait === undefined) {
          throw error;
        }
        await sleep(wait);
        attempt += 1;
        continue;
      }
      if (!isFailure(response)) {
        return response;
      }
      const entry = tencentErrorEntry(response.ErrorCode);
      if (entry.handling === 'resign' && !resigned) {
        resigned = true;
        this.params.userSig.invalidate();
        continue;
      }
      if (entry.handling !== 'backoff' || attempt >= retries) {
        throw toTencentError({
          errorCode: response.ErrorCode,
          errorInfo: response.ErrorInfo,
          connectorId: this.connectorId,
          route,
        });
      }
      await sleep(this.backoff(attempt));
      attempt += 1;
    }
  }

  async accountCheck(userIds: string[]): Promise<AccountCheckItem[]> {
    const items: AccountCheckItem[] = [];
    for (const batch of chunk(userIds, TENCENT_BATCH_SIZE)) {
      const response = await this.call(TENCENT_COMMANDS.accountCheck, { CheckItem: batch.map(toUserItem) });
      items.push(...parseResultItems(response, this.where(TENCENT_COMMANDS.accountCheck)));
    }
    return items;
  }

  /**
   * Idempotent on Tencent's side, yet a create like any other: after a timeout it is read
   * back, not re-sent. Returns `FailAccounts`.
   */
  async multiaccountImport(userIds: string[]): Promise<string[]> {
    const failed: string[] = [];
    for (const batch of chunk(userIds, TENCENT_BATCH_SIZE)) {
      const response = await this.call(
        TENCENT_COMMANDS.multiaccountImport,
        { Accounts: batch },
        { create: true },
      );
      failed.push(...parseFailAccounts(response, this.where(TENCENT_COMMANDS.multiaccountImport)));
    }
    return failed;
  }

  async setNick(userId: string, nick: string): Promise<void> {
    await this.call(TENCENT_COMMANDS.portraitSet, {
      From_Account: userId,
      ProfileItem: [{ Tag: TENCENT_NICK_TAG, Value: nick }],
    });
  }

  async getNicks(userIds: string[]): Promise<Array<TencentItemResult & { nick?: string }>> {
    const profiles: Array<TencentItemResult & { nick?: string }> = [];
    for (const batch of chunk(userIds, TENCENT_BATCH_SIZE)) {
      const response = await this.call(TENCENT_COMMANDS.portraitGet, {
        To_Account: batch,
        TagList: [TENCENT_NICK_TAG],
      });
      profiles.push(...parseProfiles(response, this.where(TENCENT_COMMANDS.portraitGet)));
    }
    return profiles;
  }

  /** Invalidates the account's login: its current UserSig stops working. */
  async kick(userId: string): Promise<void> {
    await this.call(TENCENT_COMMANDS.kick, { UserID: userId });
  }

  /** Per-account results; paid apps refuse the whole call with 71000. */
  async accountDelete(userIds: string[]): Promise<TencentItemResult[]> {
    const results: TencentItemResult[] = [];
    for (const batch of chunk(userIds, TENCENT_BATCH_SIZE)) {
      const response = await this.call(TENCENT_COMMANDS.accountDelete, { DeleteItem: batch.map(toUserItem) });
      results.push(
        ...parseResultItems(response, this.where(TENCENT_COMMANDS.accountDelete)).map(toItemResult),
      );
    }
    return results;
  }

  async queryOnlineStatus(
    userIds: string[],
  ): Promise<{ states: Array<{ userId: string; state: TencentOnlineState }>; errors: TencentItemResult[] }> {
    const result = {
      states: [] as Array<{ userId: string; state: TencentOnlineState }>,
      errors: [] as TencentItemResult[],
    };
    for (const batch of chunk(userIds, TENCENT_ONLINE_STATUS_BATCH_SIZE)) {
      const response = await this.call(TENCENT_COMMANDS.queryOnlineStatus, { To_Account: batch });
      const parsed = parseOnlineStatus(response, this.where(TENCENT_COMMANDS.queryOnlineStatus));
      result.states.push(...parsed.states);
      result.errors.push(...parsed.errors);
    }
    return result;
  }

  /** Desk agents are keyed by e-mail, not by IM UserID. */
  async setMemberStatus(memberMail: string, status: DeskMemberStatus): Promise<void> {
    await this.call(TENCENT_COMMANDS.setMemberStatus, { MemberMail: memberMail, Status: status });
  }

  close(): Promise<void> {
    return this.params.http.close();
  }

  private async post(command: TencentCommand, route: string, body: object): Promise<TencentResponse> {
    const { sdkAppId, identifier } = this.params.config.auth;
    const response = await this.params.http.request<unknown>({
      method: 'POST',
      url: `/v4/${command}`,
      // Never the concrete URL: its query string carries the UserSig.
      route,
      // Every command used here may be repeated safely (imports are idempotent, the rest set state).
      idempotent: true,
      // call() is the one retry layer: it also retries the envelope's error codes.
      retry: false,
      params: { sdkappid: sdkAppId, identifier, usersig: this.params.userSig.current(), contenttype: 'json' },
      paramsSerializer: { serialize: serializeQuery },
      headers: { 'Content-Type': 'application/json' },
      // An empty body is refused: `{}` at least.
      data: body,
    });
    return parseEnvelope(response.data, this.connectorId, route);
  }

  /** Milliseconds before retrying a failed HTTP exchange, or undefined when it must not be retried. */
  private transportRetryDelay(error: unknown, attempt: number, create: boolean): number | undefined {
    if (!isPlatformError(error)) {
      return undefined;
    }
    if (error.code === PlatformErrorCode.RATE_LIMITED) {
      // HTTP 429: refused before anything was done. A long Retry-After is the next run's business.
      const wait = Math.max(this.backoff(attempt), error.retryAfterMs ?? 0);
      return wait <= MAX_RETRY_AFTER_MS ? wait : undefined;
    }
    if (error.code !== PlatformErrorCode.TEMPORARY || (create && error.outcomeUnknown)) {
      return undefined;
    }
    return this.backoff(attempt);
  }

  private backoff(attempt: number): number {
    const base = (this.params.backoffMs ?? 250) * 2 ** attempt;
    return Math.min(MAX_BACKOFF_MS, base + Math.random() * base * 0.5);
  }

  private where(command: TencentCommand): { connectorId: string; route: string } {
    return { connectorId: this.connectorId, route: `POST /v4/${command}` };
  }
}

const toUserItem = (userId: string): { UserID: string } => ({ UserID: userId });
