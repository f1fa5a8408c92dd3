import type { LiveHelperChatConnectorConfig } from '@app/core/config.types';
import type { PlatformHttpClient, PlatformRequest } from '@app/platforms/http/platform-http-client';
import {
  type Where,
  isObject,
  parseAccount,
  parseAccounts,
  parseChats,
  parseDepartmentRows,
  parseDepartments,
  toFlag,
} from '@app/platforms/livehelperchat/livehelperchat.mapper';
import {
  LHC_CHATS_PAGE,
  LHC_DEADLOCK_MESSAGE,
  LHC_ONLINE_USERS_QUERY,
  LHC_ROUTE_TEMPLATES,
} from '@app/platforms/livehelperchat/livehelperchat.options';
import { readAnswer, resultOf, scrubSecret } from '@app/platforms/livehelperchat/livehelperchat-response';
import type {
  LhcAccount,
  LhcChatInfo,
  LhcDepartmentInfo,
  LhcDepartmentRow,
  LhcUserWrite,
} from '@app/platforms/livehelperchat/livehelperchat.types';
import { PlatformErrorCode, isPlatformError } from '@app/core/platform-error';

export interface LiveHelperChatClientParams {
  config: LiveHelperChatConnectorConfig;
  http: PlatformHttpClient;
}

// LHC's `{error: true, result: "SQLSTATE[40001] … Deadlock found …"}`.
const isDeadlockAnswer = (status: number, data: unknown): boolean =>
  status === 400 &&
  isObject(data) &&
  toFlag(data.error) &&
  typeof data.result === 'string' &&
  LHC_DEADLOCK_MESSAGE.test(data.result);

// Reads and state-setting writes may be retried; creates say otherwise.
type Call = Omit<PlatformRequest, 'idempotent'> & { idempotent?: boolean };

// 400 carries LHC's own `{error: true}` answer; 404 means the URL is not LHC's REST API at all.
const ANSWERED = (status: number): boolean => status === 200 || status === 400 || status === 404;

/**
 * LiveHelperChat REST calls (-): HTTP Basic `username:apiKey`, JSON or form bodies as each
 * endpoint wants, and `error: true` treated as a failure whatever the HTTP status.
 * Password fields are removed from user bodies here, before anything else sees them.
 */
export class LiveHelperChatClient {
  constructor(private readonly params: LiveHelperChatClientParams) {}

  private get connectorId(): string {
    return this.params.config.id;
  }

  /** No paging: every user that matches. `username` is a LIKE filter; callers compare exactly. */
  async getUsers(filter: { username?: string } = {}): Promise<LhcAccount[]> {
    const route = LHC_ROUTE_TEMPLATES.getUsers;
    const body = await this.call({ method: 'GET', url: '/restapi/getusers', params: filter, route });
    return parseAccounts(resultOf(body, this.where(route)), this.where(route));
  }

  async getUser(id: string): Promise<LhcAccount> {
    const route = LHC_ROUTE_TEMPLATES.getUser;
    const body = await this.call({ method: 'GET', url: `/restapi/user/${encodeURIComponent(id)}`, route });
    return parseAccount(resultOf(body, this.where(route)), this.where(route));
  }

  /** The user, or undefined when LHC says it does not exist. */
  async findUser(id: string): Promise<LhcAccount | undefined> {
    try {
      return await this.getUser(id);
    } catch (error) {
      if (isPlatformError(error) && error.code === PlatformErrorCode.NOT_FOUND) {
        return undefined;
      }
      throw error;
    }
  }

  /** Not idempotent: a blind retry after a 5xx could meet a user LHC already created. */
  async createUser(user: LhcUserWrite): Promise<LhcAccount> {
    const route = LHC_ROUTE_TEMPLATES.createUser;
    const body = await this.call(
      { method: 'POST', url: '/restapi/user', data: user, route, idempotent: false },
      user.password,
    );
    return parseAccount(resultOf(body, this.where(route)), this.where(route));
  }

  /** Setting the same values twice changes nothing more, so it may be retried. */
  async updateUser(id: string, changes: LhcUserWrite): Promise<LhcAccount> {
    const route = LHC_ROUTE_TEMPLATES.updateUser;
    const url = `/restapi/user/${encodeURIComponent(id)}`;
    const body = await this.call({ method: 'PUT', url, data: changes, route });
    return parseAccount(resultOf(body, this.where(route)), this.where(route));
  }

  async deleteUser(id: string): Promise<void> {
    const route = LHC_ROUTE_TEMPLATES.deleteUser;
    await this.call({ method: 'DELETE', url: `/restapi/user/${encodeURIComponent(id)}`, route });
  }

  /** `1` is online, anything else offline; sets `hide_online` in lh_users and every lh_userdep row. */
  async setOnlineStatus(id: string, online: boolean): Promise<void> {
    const route = LHC_ROUTE_TEMPLATES.setOnlineStatus;
    const url = `/restapi/setonlinestatus/${encodeURIComponent(id)}/${online ? 1 : 0}`;
    await this.call({ method: 'GET', url, route });
  }

  /** Per user, its lh_userdep rows aggregated; with `depId` just that department's rows. */
  async onlineUsers(depId?: number): Promise<LhcDepartmentRow[]> {
    const route = LHC_ROUTE_TEMPLATES.onlineUsers;
    const params =
      depId === undefined ? LHC_ONLINE_USERS_QUERY : { ...LHC_ONLINE_USERS_QUERY, dep_id: depId };
    // A bare array on success, `{error: true}` on failure.
    const body = await this.call({ method: 'GET', url: '/restapi/onlineusers', params, route });
    return parseDepartmentRows(body, this.where(route));
  }

  async departments(): Promise<LhcDepartmentInfo[]> {
    const route = LHC_ROUTE_TEMPLATES.departments;
    const body = await this.call({ method: 'GET', url: '/restapi/departments', route });
    return parseDepartments(resultOf(body, this.where(route)), this.where(route));
  }

  /**
   * The chats these users own in these statuses, newest first, every page. LHC skips a
   * `status_ids` equal to "0" (PHP's empty("0")), so pending alone is sent as "0,0". The list only
   * holds the departments the API user may see: "All departments" sees every chat.
   */
  async chatsOwnedBy(userIds: string[], statuses: number[]): Promise<LhcChatInfo[]> {
    const route = LHC_ROUTE_TEMPLATES.chats;
    const statusIds = statuses.length === 1 ? [statuses[0], statuses[0]] : statuses;
    const chats: LhcChatInfo[] = [];
    for (let offset = 0; ; offset += LHC_CHATS_PAGE) {
      const params = {
        user_ids: userIds.join(','),
        status_ids: statusIds.join(','),
        limit: LHC_CHATS_PAGE,
        // `offset` must be at least 1; the first page goes without it.
        ...(offset > 0 ? { offset } : {}),
      };
      const body = await this.call({ method: 'GET', url: '/restapi/chats', params, route });
      const page = parseChats(body, this.where(route));
      chats.push(...page);
      if (page.length < LHC_CHATS_PAGE) {
        return chats;
      }
    }
  }

  /** Form fields, not JSON. Status 0 (pending) unassigns the chat. */
  async setChatStatus(chatId: string, status: number): Promise<void> {
    const route = LHC_ROUTE_TEMPLATES.setChatStatus;
    const data = new URLSearchParams({ chat_id: chatId, status: String(status) }).toString();
    await this.call({
      method: 'POST',
      url: '/restapi/setchatstatus',
      data,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      route,
      // Setting the same status again only adds another system message.
      idempotent: true,
    });
  }

  close(): Promise<void> {
    return this.params.http.close();
  }

  private where(route: string): Where {
    return { connectorId: this.connectorId, route };
  }

  /**
   * One request; returns the body with password fields removed, or throws a mapped PlatformError.
   * A deadlock answer is retried by the HTTP client, creates included: MariaDB rolled the whole
   * transaction back, so nothing was applied.
   */
  private async call(call: Call, secret?: string): Promise<unknown> {
    const { username, apiKey } = this.params.config.auth;
    try {
      const response = await this.params.http.request<unknown>({
        ...call,
        idempotent: call.idempotent ?? true,
        auth: { username, password: apiKey },
        validateStatus: ANSWERED,
        notApplied: ({ status, data }) => isDeadlockAnswer(status, data),
      });
      return readAnswer(response.status, response.data, this.where(call.route));
    } catch (error) {
      throw secret === undefined ? error : scrubSecret(error, secret);
    }
  }
}
