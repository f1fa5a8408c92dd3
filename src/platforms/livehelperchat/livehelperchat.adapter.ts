import type { LiveHelperChatConnectorConfig } from '@app/core/config.types';
import type { AdapterContext } from '@app/platforms/adapter-context';
import type {
  AvailabilityReadFacet,
  AvailabilityWriteFacet,
  ChatPlatformAdapter,
  ChatReleaseFacet,
  CreateOperatorsParams,
  CreateOperatorsResult,
  DeleteOperatorParams,
  DiagnoseParams,
  DoctorFinding,
  EnforceSettingsParams,
  LandedOnParams,
  RemoteOperator,
  SettingChange,
  SettingsFacet,
  UpdateOperatorParams,
} from '@app/platforms/chat-platform.adapter';
import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { diagnoseIntegrationAccounts } from '@app/platforms/livehelperchat/livehelperchat.doctor';
import {
  type IntegrationAccount,
  LiveHelperChatIntegrationEnforcer,
} from '@app/platforms/livehelperchat/livehelperchat-integration.enforcer';
import {
  splitName,
  toAvailabilityReading,
  toRemoteOperator,
} from '@app/platforms/livehelperchat/livehelperchat.mapper';
import { createOperators } from '@app/platforms/livehelperchat/livehelperchat.operators';
import {
  LHC_CREATES_IN_FLIGHT,
  LHC_CHAT_STATUS_PENDING,
  LHC_OPERATOR_MODEL,
} from '@app/platforms/livehelperchat/livehelperchat.options';
import type { LhcAccount, LhcUserWrite } from '@app/platforms/livehelperchat/livehelperchat.types';
import { LiveHelperChatWebhook } from '@app/platforms/livehelperchat/livehelperchat.webhook';
import { PlatformError, PlatformErrorCode, isPlatformError } from '@app/core/platform-error';
import type { Sleep } from '@app/platforms/settle-unknown-creates';
import { writesInFlight } from '@app/platforms/create-each';

export class LiveHelperChatAdapter implements ChatPlatformAdapter {
  readonly type = 'livehelperchat' as const;
  readonly operatorModel = LHC_OPERATOR_MODEL;
  private readonly enforcer: LiveHelperChatIntegrationEnforcer;
  private ownId?: Promise<string>;

  readonly availabilityRead: AvailabilityReadFacet = {
    read: async ({ remoteIds }) => {
      const wanted = new Set(remoteIds);
      const rows = await this.client.onlineUsers();
      return rows.filter((row) => wanted.has(row.userId)).map(toAvailabilityReading);
    },
  };

  /**
   * online → setonlinestatus 1, busy and offline → 0. LHC has no "busy" that stops new chats:
   * invisible mode is still auto-assigned (finding 2), so busy must be offline here. No heartbeat:
   * a person is active only while their own back office or app says so.
   */
  readonly availabilityWrite: AvailabilityWriteFacet = {
    write: ({ remoteId, availability }) => this.client.setOnlineStatus(remoteId, availability === 'online'),
  };

  /** Status 0 (pending) takes the chat off its owner and back to the queue. */
  readonly chatRelease: ChatReleaseFacet = {
    release: ({ chatId }) => this.client.setChatStatus(chatId, LHC_CHAT_STATUS_PENDING),
    isIntegrationAccount: async (remoteId) => (await this.serviceAccountId()) === remoteId,
    reexclude: (params) => this.reexclude(params),
  };

  readonly settings: SettingsFacet = { enforce: (params) => this.enforceSettings(params) };

  constructor(
    private readonly config: LiveHelperChatConnectorConfig,
    private readonly client: LiveHelperChatClient,
    readonly webhooks: LiveHelperChatWebhook,
    private readonly sleep?: Sleep,
  ) {
    this.enforcer = new LiveHelperChatIntegrationEnforcer(client, {
      reassertEveryMs: config.options.reassertIntegrationEvery.ms,
    });
  }

  get connectorId(): string {
    return this.config.id;
  }

  async checkConnection(): Promise<void> {
    await this.serviceAccount();
  }

  async listOperators(): Promise<RemoteOperator[]> {
    const users = await this.client.getUsers();
    return users.map((user) => toRemoteOperator(user, this.config.auth.username));
  }

  createOperators({ operators }: CreateOperatorsParams): Promise<CreateOperatorsResult> {
    const { departments, userGroups } = this.config.options;
    return createOperators(
      {
        client: this.client,
        connectorId: this.connectorId,
        serviceUsername: this.config.auth.username,
        departments,
        userGroups,
        concurrency: Math.min(LHC_CREATES_IN_FLIGHT, writesInFlight(this.config.rateLimit)),
        timeoutMs: this.config.timeoutMs,
        sleep: this.sleep,
      },
      operators,
    );
  }

  /** One PUT with every change; `disabled` moves the user's department rows out and back. */
  async updateOperator({ remoteId, changes }: UpdateOperatorParams): Promise<void> {
    const body: LhcUserWrite = {
      ...(changes.name === undefined ? {} : splitName(changes.name)),
      ...(changes.email === undefined ? {} : { email: changes.email.trim() }),
      ...(changes.status === undefined ? {} : { disabled: changes.status !== 'active' }),
    };
    if (Object.keys(body).length > 0) {
      await this.client.updateUser(remoteId, body);
    }
  }

  async deleteOperator({ remoteId }: DeleteOperatorParams): Promise<void> {
    try {
      await this.client.deleteUser(remoteId);
    } catch (error) {
      // Already gone is what a delete wants.
      if (!(isPlatformError(error) && error.code === PlatformErrorCode.NOT_FOUND)) {
        throw error;
      }
    }
  }

  private async enforceSettings({
    integrationAccounts,
    dryRun,
    scheduled,
  }: EnforceSettingsParams): Promise<SettingChange[]> {
    const accounts: IntegrationAccount[] = integrationAccounts.map((a) => ({
      operatorKey: a.operator.key,
      remoteId: a.remoteId,
    }));
    const own = await this.serviceAccount();
    if (!accounts.some((a) => a.remoteId === own.id)) {
      accounts.push({ operatorKey: apiUserLabel(own.username), remoteId: own.id });
    }
    return this.enforcer.enforce(accounts, { dryRun, scheduled: scheduled ?? false });
  }

  private async reexclude({ remoteId, operatorKey }: LandedOnParams): Promise<SettingChange[]> {
    const label = operatorKey ?? apiUserLabel(this.config.auth.username);
    return this.enforcer.reexclude({ operatorKey: label, remoteId });
  }

  /** The doctor; the port passes no directory yet, so without params only the API user is checked. */
  async diagnose(params: DiagnoseParams = { integrationAccounts: [] }): Promise<DoctorFinding[]> {
    const own = await this.serviceAccount();
    const accounts = params.integrationAccounts
      .filter((a) => a.remoteId !== own.id)
      .map((a) => ({ label: `"${a.operator.key}"`, remoteId: a.remoteId }));
    accounts.unshift({ label: `"${own.username}" (the connector's API user)`, remoteId: own.id });
    return diagnoseIntegrationAccounts(this.client, accounts);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  // Its id never changes; asked on every auto-assign webhook, so read once.
  private serviceAccountId(): Promise<string> {
    this.ownId ??= this.serviceAccount().then(
      (own) => own.id,
      (error: unknown) => {
        this.ownId = undefined;
        throw error;
      },
    );
    return this.ownId;
  }

  // The API user itself (auth.username) must never take chats either.
  private async serviceAccount(): Promise<LhcAccount> {
    const { username } = this.config.auth;
    const users = await this.client.getUsers({ username });
    const own = users.find((u) => u.username.toLowerCase() === username.toLowerCase());
    if (!own) {
      throw new PlatformError({
        code: PlatformErrorCode.CONFIG,
        connectorId: this.connectorId,
        message: `the API user "${username}" is not in the LHC user list`,
      });
    }
    return own;
  }
}

/**
 * How changes name the connector's own API user when it is not in the directory: `plan` and the
 * audit show this in place of an operator key (which it never is: not a slug).
 */
export const apiUserLabel = (username: string): string => `${username} (API user)`;

/** Builds the adapter with its own HTTP client and webhook handler. */
export const createLiveHelperChatAdapter = (
  config: LiveHelperChatConnectorConfig,
  context: AdapterContext,
): LiveHelperChatAdapter => {
  // What travels in the Authorization header: an LHC that echoes it must not leak it through us.
  const { username, apiKey } = config.auth;
  context.registerSecret(Buffer.from(`${username}:${apiKey}`).toString('base64'));
  const http = new PlatformHttpClient({
    connectorId: config.id,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    rateLimit: config.rateLimit,
    redactor: context.redactor,
    observer: context.observer,
    backoffMs: context.retryBackoffMs,
  });
  const webhooks = new LiveHelperChatWebhook({
    secret: config.webhook.secret,
    insecure: config.webhook.insecure,
  });
  return new LiveHelperChatAdapter(
    config,
    new LiveHelperChatClient({ config, http }),
    webhooks,
    context.sleep,
  );
};
