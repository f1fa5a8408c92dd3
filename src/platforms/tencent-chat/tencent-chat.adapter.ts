import type { TencentChatConnectorConfig } from '@app/core/config.types';
import type { Availability, DesiredOperator } from '@app/core/operator.types';
import type { AdapterContext } from '@app/platforms/adapter-context';
import type {
  AssignmentFacet,
  AvailabilityReadFacet,
  AvailabilityWriteFacet,
  ChatPlatformAdapter,
  CreateOperatorsParams,
  CreateOperatorsResult,
  DeleteOperatorParams,
  ListOperatorsParams,
  RemoteOperator,
  UpdateOperatorParams,
} from '@app/platforms/chat-platform.adapter';
import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { PlatformErrorCode, isPlatformError } from '@app/core/platform-error';
import type { Sleep } from '@app/platforms/settle-unknown-creates';
import { writesInFlight } from '@app/platforms/create-each';
import {
  type TencentAccounts,
  importOperators,
  itemError,
  platformError,
  readOperators,
  throwTransient,
} from '@app/platforms/tencent-chat/tencent-chat.accounts';
import { TencentChatClient } from '@app/platforms/tencent-chat/tencent-chat.client';
import { toAvailability } from '@app/platforms/tencent-chat/tencent-chat.mapper';
import {
  DESK_STATUS_BY_AVAILABILITY,
  TENCENT_ADMIN_SIG_LIFETIME_S,
  TENCENT_OPERATOR_MODEL,
} from '@app/platforms/tencent-chat/tencent-chat.options';
import type { TencentItemResult } from '@app/platforms/tencent-chat/tencent-chat.types';
import { TencentChatWebhook } from '@app/platforms/tencent-chat/tencent-chat.webhook';
import {
  DELETE_NOT_ALLOWED,
  DESK_AGENT_NOT_FOUND,
  USER_NOT_FOUND_CODES,
} from '@app/platforms/tencent-chat/tencent-error-codes';
import { UserSigCache } from '@app/platforms/tencent-chat/tencent-usersig';

export class TencentChatAdapter implements ChatPlatformAdapter {
  readonly type = 'tencent-chat' as const;
  readonly operatorModel = TENCENT_OPERATOR_MODEL;

  /** query_online_status for the given UserIDs (≤500 per call); unknown accounts are left out. */
  readonly availabilityRead: AvailabilityReadFacet = {
    read: async ({ remoteIds }) => {
      const { states, errors } = await this.client.queryOnlineStatus(remoteIds);
      throwTransient(this.connectorId, errors);
      return states.map(({ userId, state }) => ({ remoteId: userId, ...toAvailability(state) }));
    },
  };

  /** Desk only: IM has no writable presence, Desk member status has. */
  readonly availabilityWrite?: AvailabilityWriteFacet;

  readonly assignment: AssignmentFacet;

  constructor(
    private readonly config: TencentChatConnectorConfig,
    private readonly client: TencentChatClient,
    readonly webhooks: TencentChatWebhook,
    private readonly sleep?: Sleep,
  ) {
    if (config.options.desk) {
      this.availabilityWrite = {
        write: ({ operator, availability }) => this.setDeskStatus(operator, availability),
      };
    }
    this.assignment = {
      policy: config.options.assignment,
      // Desk names its agents by e-mail, in the answer and in its session events.
      agentIdOf: (operator) => operator.email,
      reply: (answer) => webhooks.answerAssignment(answer),
    };
  }

  get connectorId(): string {
    return this.config.id;
  }

  async checkConnection(): Promise<void> {
    const { identifier } = this.config.auth;
    const [admin] = await this.client.accountCheck([identifier]);
    if (admin?.AccountStatus !== 'Imported') {
      const message = `the admin identifier "${identifier}" does not exist in the app`;
      throw platformError(this.connectorId, PlatformErrorCode.CONFIG, message);
    }
  }

  listOperators(params: ListOperatorsParams): Promise<RemoteOperator[]> {
    return readOperators(this.accounts, params);
  }

  createOperators({ operators }: CreateOperatorsParams): Promise<CreateOperatorsResult> {
    return importOperators(this.accounts, operators);
  }

  async updateOperator({ remoteId, operator, changes }: UpdateOperatorParams): Promise<void> {
    if (changes.name !== undefined) {
      await this.client.setNick(remoteId, changes.name.trim());
    }
    // Reactivation calls nothing: chat-bridge makes the operator assignable again, and Desk
    // STATUS_FREE would claim the agent is ready to take sessions, which only availability may say.
    if (changes.status === 'inactive' || changes.status === 'deleted') {
      await this.deactivate(remoteId, operator);
    }
  }

  /** account_delete works on Trial apps only; paid apps answer 71000 and get the deactivation path. */
  async deleteOperator({ remoteId, operator }: DeleteOperatorParams): Promise<void> {
    let results: TencentItemResult[];
    try {
      results = await this.client.accountDelete([remoteId]);
    } catch (error) {
      if (isPlatformError(error) && error.platformCode === DELETE_NOT_ALLOWED) {
        return this.deactivate(remoteId, operator);
      }
      throw error;
    }
    const item = results.find((r) => r.userId === remoteId);
    if (!item) {
      const message = `account_delete did not report "${remoteId}"`;
      throw platformError(this.connectorId, PlatformErrorCode.INVALID_RESPONSE, message);
    }
    if (item.code === DELETE_NOT_ALLOWED) {
      return this.deactivate(remoteId, operator);
    }
    // Already gone is what a delete wants.
    if (item.code !== 0 && !USER_NOT_FOUND_CODES.includes(item.code)) {
      throw itemError(this.connectorId, item, 'account_delete');
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async setDeskStatus(operator: DesiredOperator, availability: Availability): Promise<void> {
    if (!operator.email) {
      const message = `Desk members are keyed by e-mail and operator "${operator.key}" has none`;
      throw platformError(this.connectorId, PlatformErrorCode.REJECTED, message);
    }
    await this.client.setMemberStatus(operator.email, DESK_STATUS_BY_AVAILABILITY[availability]);
  }

  // kick invalidates the login; Desk stops routing sessions to a NOT_READY member.
  private async deactivate(remoteId: string, operator?: DesiredOperator): Promise<void> {
    await this.client.kick(remoteId);
    if (!this.config.options.desk || !operator?.email) {
      return;
    }
    try {
      await this.client.setMemberStatus(operator.email, 'STATUS_NOT_READY');
    } catch (error) {
      // An IM account without a Desk seat takes no Desk sessions anyway.
      if (!(isPlatformError(error) && error.platformCode === DESK_AGENT_NOT_FOUND)) {
        throw error;
      }
    }
  }

  private get accounts(): TencentAccounts {
    return {
      client: this.client,
      connectorId: this.connectorId,
      userIdPrefix: this.config.options.userIdPrefix,
      timeoutMs: this.config.timeoutMs,
      writesInFlight: writesInFlight(this.config.rateLimit),
      sleep: this.sleep,
    };
  }
}

/** Builds the adapter with its own HTTP client, admin UserSig cache and webhook handler. */
export const createTencentChatAdapter = (
  config: TencentChatConnectorConfig,
  context: AdapterContext,
): TencentChatAdapter => {
  const { sdkAppId, identifier, secretKey } = config.auth;
  const userSig = new UserSigCache({
    sdkAppId,
    identifier,
    secretKey,
    expireSeconds: TENCENT_ADMIN_SIG_LIFETIME_S,
    onIssued: context.registerSecret,
  });
  const http = new PlatformHttpClient({
    connectorId: config.id,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    rateLimit: config.rateLimit,
    redactor: context.redactor,
    observer: context.observer,
    backoffMs: context.retryBackoffMs,
    // TencentChatClient.call is the one retry layer of every Tencent call.
    retries: 0,
  });
  const client = new TencentChatClient({ config, http, userSig, backoffMs: context.retryBackoffMs });
  const webhooks = new TencentChatWebhook({
    sdkAppId,
    token: config.webhook.token,
    insecure: config.webhook.insecure,
  });
  return new TencentChatAdapter(config, client, webhooks, context.sleep);
};
