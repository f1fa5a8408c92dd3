import type { ChatwootConnectorConfig } from '@app/core/config.types';
import type { ConversationStatus } from '@app/platforms/chat-platform.adapter';
import {
  parseAgent,
  parseAgentBot,
  parseAgents,
  parseConversationList,
  parseProfile,
} from '@app/platforms/chatwoot/chatwoot.mapper';
import { CHATWOOT_ROUTES } from '@app/platforms/chatwoot/chatwoot.options';
import type {
  ChatwootAgent,
  ChatwootAgentBot,
  ChatwootAgentCreate,
  ChatwootAgentUpdate,
  ChatwootConversation,
  ChatwootProfile,
} from '@app/platforms/chatwoot/chatwoot.types';
import type { PlatformHttpClient, PlatformRequest } from '@app/platforms/http/platform-http-client';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';

export interface ChatwootClientParams {
  config: ChatwootConnectorConfig;
  /** Carries the `api_access_token` header. */
  http: PlatformHttpClient;
}

/** Chatwoot Application API calls. Knows paths and shapes; knows nothing about desired state. */
export class ChatwootClient {
  constructor(private readonly params: ChatwootClientParams) {}

  private get connectorId(): string {
    return this.params.config.id;
  }

  private get account(): string {
    return `/api/v1/accounts/${this.params.config.options.accountId}`;
  }

  async profile(): Promise<ChatwootProfile> {
    const route = CHATWOOT_ROUTES.profile;
    const data = await this.send({ method: 'GET', url: '/api/v1/profile', route, idempotent: true });
    return parseProfile(data, { connectorId: this.connectorId, route });
  }

  async listAgents(): Promise<ChatwootAgent[]> {
    const route = CHATWOOT_ROUTES.listAgents;
    const data = await this.send({ method: 'GET', url: `${this.account}/agents`, route, idempotent: true });
    return parseAgents(data, { connectorId: this.connectorId, route });
  }

  /** Not idempotent: it invites a user; 402 at the seat limit. */
  async createAgent(body: ChatwootAgentCreate): Promise<ChatwootAgent> {
    const route = CHATWOOT_ROUTES.createAgent;
    const data = await this.send({
      method: 'POST',
      url: `${this.account}/agents`,
      data: body,
      route,
      idempotent: false,
    });
    return parseAgent(data, { connectorId: this.connectorId, route });
  }

  async updateAgent(id: string, body: ChatwootAgentUpdate): Promise<void> {
    await this.send({
      method: 'PATCH',
      url: `${this.account}/agents/${encodeURIComponent(id)}`,
      data: body,
      route: CHATWOOT_ROUTES.updateAgent,
      idempotent: true,
    });
  }

  /** 200 with an empty body; removes the agent from this account only. */
  async deleteAgent(id: string): Promise<void> {
    await this.send({
      method: 'DELETE',
      url: `${this.account}/agents/${encodeURIComponent(id)}`,
      route: CHATWOOT_ROUTES.deleteAgent,
      idempotent: true,
    });
  }

  async listConversations(params: {
    status: ConversationStatus;
    inboxId: string;
    page: number;
  }): Promise<ChatwootConversation[]> {
    const route = CHATWOOT_ROUTES.listConversations;
    const data = await this.send({
      method: 'GET',
      url: `${this.account}/conversations`,
      // assignee_type all: the default in the finder, sent explicitly so no token scope narrows it.
      params: { status: params.status, inbox_id: params.inboxId, assignee_type: 'all', page: params.page },
      route,
      idempotent: true,
    });
    return parseConversationList(data, { connectorId: this.connectorId, route });
  }

  /** Sets the status (never toggles): an explicit `status` makes a repeat harmless. */
  async toggleStatus(conversationId: string, status: ConversationStatus): Promise<void> {
    const route = CHATWOOT_ROUTES.toggleStatus;
    const data = await this.send({
      method: 'POST',
      url: `${this.account}/conversations/${encodeURIComponent(conversationId)}/toggle_status`,
      data: { status },
      route,
      idempotent: true,
    });
    const current = (data as { payload?: { current_status?: unknown } } | null)?.payload?.current_status;
    if (current !== undefined && current !== status) {
      throw new PlatformError({
        code: PlatformErrorCode.REJECTED,
        connectorId: this.connectorId,
        message: `${route} left conversation ${conversationId} ${JSON.stringify(current)} instead of ${status}`,
      });
    }
  }

  async inboxAgentBot(inboxId: string): Promise<ChatwootAgentBot | undefined> {
    const data = await this.send({
      method: 'GET',
      url: `${this.account}/inboxes/${encodeURIComponent(inboxId)}/agent_bot`,
      route: CHATWOOT_ROUTES.inboxAgentBot,
      idempotent: true,
    });
    return parseAgentBot(data);
  }

  close(): Promise<void> {
    return this.params.http.close();
  }

  private async send(request: PlatformRequest): Promise<unknown> {
    const response = await this.params.http.request<unknown>(request);
    return response.data;
  }
}
