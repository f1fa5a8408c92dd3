import type { ChatwootConnectorConfig } from '@app/core/config.types';
import type { AdapterContext } from '@app/platforms/adapter-context';
import type {
  AvailabilityReadFacet,
  AvailabilityWriteFacet,
  ChatPlatformAdapter,
  ConversationsFacet,
  CreateOperatorsParams,
  CreateOperatorsResult,
  DeleteOperatorParams,
  DoctorFinding,
  ListOperatorsParams,
  RemoteOperator,
  SetAvailabilityParams,
  SettingsFacet,
  UpdateOperatorParams,
} from '@app/platforms/chat-platform.adapter';
import {
  type ChatwootAgents,
  chatwootError,
  createAgent,
  findAgent,
  readBackAgents,
} from '@app/platforms/chatwoot/chatwoot.agents';
import { ChatwootClient } from '@app/platforms/chatwoot/chatwoot.client';
import { diagnoseChatwoot } from '@app/platforms/chatwoot/chatwoot.doctor';
import {
  toAvailabilityReading,
  toRemoteConversation,
  toRemoteOperator,
} from '@app/platforms/chatwoot/chatwoot.mapper';
import { CHATWOOT_OPERATOR_MODEL } from '@app/platforms/chatwoot/chatwoot.options';
import {
  type ChatwootSettingsContext,
  enforceChatwootSettings,
} from '@app/platforms/chatwoot/chatwoot.settings';
import type { ChatwootAgentUpdate } from '@app/platforms/chatwoot/chatwoot.types';
import { ChatwootWebhook } from '@app/platforms/chatwoot/chatwoot.webhook';
import { EvolutionClient } from '@app/platforms/chatwoot/evolution.client';
import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { PlatformErrorCode, isPlatformError } from '@app/core/platform-error';
import type { Sleep } from '@app/platforms/settle-unknown-creates';
import { createEach, writesInFlight } from '@app/platforms/create-each';

export class ChatwootAdapter implements ChatPlatformAdapter {
  readonly type = 'chatwoot' as const;
  readonly operatorModel = CHATWOOT_OPERATOR_MODEL;

  /** No availability webhook exists: this poll is the only way to see it. */
  readonly availabilityRead: AvailabilityReadFacet = {
    read: async ({ remoteIds }) => {
      const wanted = new Set(remoteIds);
      return (await this.client.listAgents())
        .filter((agent) => wanted.has(String(agent.id)))
        .map(toAvailabilityReading);
    },
  };

  readonly availabilityWrite: AvailabilityWriteFacet = { write: (params) => this.setAvailability(params) };

  readonly conversations: ConversationsFacet;

  readonly settings: SettingsFacet = { enforce: (params) => enforceChatwootSettings(this.context, params) };

  constructor(
    private readonly config: ChatwootConnectorConfig,
    private readonly context: ChatwootSettingsContext,
    readonly webhooks: ChatwootWebhook,
    private readonly sleep?: Sleep,
  ) {
    const { inboxes, reopenedStatus } = config.options;
    this.conversations = {
      reopenPolicy: { inboxes, reopenedStatus },
      list: async (params) => (await this.client.listConversations(params)).map(toRemoteConversation),
      setStatus: ({ conversationId, status }) => this.client.toggleStatus(conversationId, status),
    };
  }

  get connectorId(): string {
    return this.config.id;
  }

  private get client(): ChatwootClient {
    return this.context.client;
  }

  /** The token must be an administrator's: agents cannot manage agents, and toggle_status would assign them the conversation. */
  async checkConnection(): Promise<void> {
    const { accountId } = this.config.options;
    const membership = (await this.client.profile()).accounts.find((a) => a.id === accountId);
    if (membership?.role !== 'administrator') {
      const message = membership
        ? `the api_access_token belongs to an agent of account ${accountId}; use an administrator's token`
        : `the api_access_token's user is not a member of account ${accountId}`;
      throw chatwootError(this.connectorId, PlatformErrorCode.CONFIG, message);
    }
  }

  async listOperators({ links }: ListOperatorsParams): Promise<RemoteOperator[]> {
    const statusByRemote = new Map(links.map((l) => [l.remoteId, l.remoteStatus]));
    const ownerId = await this.tokenOwnerId();
    return (await this.client.listAgents()).map((agent) =>
      toRemoteOperator(agent, statusByRemote.get(String(agent.id)), ownerId),
    );
  }

  // The token's owner does not change while the connector runs: one profile read is enough.
  private tokenOwner?: number;
  private async tokenOwnerId(): Promise<number> {
    this.tokenOwner ??= (await this.client.profile()).id;
    return this.tokenOwner;
  }

  /**
   * POST /agents one by one; it invites a user, so it is never re-sent blindly. Creates whose
   * outcome is unknown are read back by e-mail after the wait, all together at the end.
   */
  /** POST /agents per operator, several in flight; `bulk_create` takes e-mails only, no names. */
  createOperators({ operators }: CreateOperatorsParams): Promise<CreateOperatorsResult> {
    return createEach({
      connectorId: this.connectorId,
      operators,
      concurrency: writesInFlight(this.config.rateLimit),
      create: (operator) => createAgent(this.agents, operator),
      readBack: (unclear) => readBackAgents(this.agents, unclear),
      timeoutMs: this.config.timeoutMs,
      sleep: this.sleep,
    });
  }

  async updateOperator({ remoteId, changes }: UpdateOperatorParams): Promise<void> {
    const update: Partial<ChatwootAgentUpdate> = {};
    if (changes.name !== undefined) {
      update.name = changes.name.trim();
    }
    // Inactive is "held offline"; reactivating writes nothing, availability is the person's again.
    if (changes.status === 'inactive' || changes.status === 'deleted') {
      Object.assign(update, { availability: 'offline', auto_offline: false });
    }
    if (Object.keys(update).length > 0) {
      const agent = await findAgent(this.agents, remoteId);
      await this.client.updateAgent(remoteId, { ...update, role: agent.role });
    }
  }

  /** Only with deletes allowed (hardDelete); an agent already gone is what a delete wants. */
  async deleteOperator({ remoteId }: DeleteOperatorParams): Promise<void> {
    try {
      await this.client.deleteAgent(remoteId);
    } catch (error) {
      if (!isPlatformError(error) || error.code !== PlatformErrorCode.NOT_FOUND) {
        throw error;
      }
    }
  }

  /**
   * `availability` with `auto_offline: false`, never `availability_status` (ignored), or the
   * write would read back `offline`. Inactive operators and integration accounts stay offline.
   */
  private async setAvailability({ remoteId, operator, availability }: SetAvailabilityParams): Promise<void> {
    const target = operator.status === 'active' && operator.role === 'agent' ? availability : 'offline';
    const agent = await findAgent(this.agents, remoteId);
    if (agent.availability_status !== target || agent.auto_offline) {
      await this.client.updateAgent(remoteId, {
        role: agent.role,
        availability: target,
        auto_offline: false,
      });
    }
  }

  diagnose(): Promise<DoctorFinding[]> {
    return diagnoseChatwoot(this.config, this.context);
  }

  async close(): Promise<void> {
    await Promise.all([this.client.close(), this.context.evolution?.client.close()]);
  }

  private get agents(): ChatwootAgents {
    return { client: this.client, connectorId: this.connectorId, accountId: this.config.options.accountId };
  }
}

/** Builds the adapter with its Chatwoot client, its Evolution client (when configured) and its webhook handler. */
export const createChatwootAdapter = (
  config: ChatwootConnectorConfig,
  context: AdapterContext,
): ChatwootAdapter => {
  const httpFor = (baseUrl: string, headers: Record<string, string>) =>
    new PlatformHttpClient({
      connectorId: config.id,
      baseUrl,
      timeoutMs: config.timeoutMs,
      rateLimit: config.rateLimit,
      redactor: context.redactor,
      observer: context.observer,
      backoffMs: context.retryBackoffMs,
      headers,
    });
  const { apiAccessToken } = config.auth;
  context.registerSecret(apiAccessToken);
  const evolution = config.options.evolution;
  if (evolution) {
    context.registerSecret(evolution.apiKey);
  }
  const settings: ChatwootSettingsContext = {
    client: new ChatwootClient({
      config,
      http: httpFor(config.baseUrl, { api_access_token: apiAccessToken }),
    }),
    evolution: evolution && {
      options: evolution,
      client: new EvolutionClient({
        connectorId: config.id,
        options: evolution,
        http: httpFor(evolution.baseUrl, { apikey: evolution.apiKey }),
        registerSecret: context.registerSecret,
      }),
    },
  };
  const webhooks = new ChatwootWebhook({
    accountId: config.options.accountId,
    secret: config.webhook.secret,
    insecure: config.webhook.insecure,
  });
  return new ChatwootAdapter(config, settings, webhooks, context.sleep);
};
