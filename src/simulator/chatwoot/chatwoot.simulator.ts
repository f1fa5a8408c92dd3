import { type ChatwootAccess, chatwootGuard } from '@app/simulator/chatwoot/chatwoot-auth.guard';
import { ChatwootConversations, type NewMessage } from '@app/simulator/chatwoot/chatwoot-conversations';
import { ChatwootDirectory } from '@app/simulator/chatwoot/chatwoot-directory';
import { ChatwootHandlers } from '@app/simulator/chatwoot/chatwoot-handlers';
import { ChatwootPresenter } from '@app/simulator/chatwoot/chatwoot-presenter';
import { ChatwootWebhookDispatcher } from '@app/simulator/chatwoot/chatwoot-webhook-dispatcher';
import {
  type ChatwootActor,
  type ChatwootAgentBotRecord,
  type ChatwootAgentRecord,
  type ChatwootAgentSeed,
  type ChatwootContactRecord,
  type ChatwootConversationRecord,
  type ChatwootConversationSeed,
  type ChatwootInboxRecord,
  type ChatwootInboxSeed,
  type ChatwootMessageRecord,
  type ChatwootSimStatus,
  type ChatwootSimulatorOptions,
  type ChatwootWebhookEvent,
  type ChatwootWebhookRecord,
  type ChatwootWebhookTarget,
  CHATWOOT_SIM_ROUTES as R,
  type ChatwootSimRouteKey,
} from '@app/simulator/chatwoot/chatwoot.types';
import { findSharedSpec, openApiRequestValidator } from '@app/simulator/framework/openapi-validator';
import { jsonResponse } from '@app/simulator/framework/sim-response';
import { SimulatorServer } from '@app/simulator/framework/simulator-server';
import type { HttpMethod, RouteHandler, SimResponse } from '@app/simulator/framework/simulator.types';

const SPEC_FILE = 'chatwoot-swagger.json';

const specPathOf = (option: string | false | undefined): string | undefined =>
  option === false ? undefined : (option ?? findSharedSpec(SPEC_FILE));

/**
 * Chatwoot's Application API for one account: agents with
 * derived availability and a seat limit, inboxes with agent bots, conversations with the real
 * toggle and reopen rules, and the account webhook, signed and delivered once. Every request is
 * checked against the official OpenAPI description (`validationErrors()`).
 */
export class ChatwootSimulator extends SimulatorServer {
  readonly accountId: number;
  /** The OpenAPI description requests are validated against; undefined when validation is off. */
  readonly specPath?: string;
  private readonly directory = new ChatwootDirectory();
  private readonly conversationStore: ChatwootConversations;
  private readonly presenter: ChatwootPresenter;
  private readonly webhooks: ChatwootWebhookDispatcher;

  constructor(private readonly options: ChatwootSimulatorOptions = {}) {
    const specPath = specPathOf(options.openApiSpec);
    super({ ...options, validator: specPath ? openApiRequestValidator(specPath) : undefined });
    this.specPath = specPath;
    this.accountId = options.accountId ?? 1;
    const now = options.now ?? Date.now;
    this.webhooks = new ChatwootWebhookDispatcher(now);
    this.webhooks.configure(options.webhook);
    this.presenter = new ChatwootPresenter(
      { id: this.accountId, name: options.accountName ?? 'Acme' },
      this.directory,
    );
    this.conversationStore = new ChatwootConversations(
      this.directory,
      () => Math.floor(now() / 1000),
      (event, conversation, { changed, message }) =>
        this.webhooks.dispatch(
          event,
          conversation.id,
          message
            ? this.presenter.messageWebhook(conversation, message)
            : this.presenter.conversationWebhook(event, conversation, changed),
        ),
    );
    this.seedAdmin();
    const h = new ChatwootHandlers({
      directory: this.directory,
      conversations: this.conversationStore,
      presenter: this.presenter,
      seatLimit: options.seatLimit,
    });
    this.api(R.profile, 'user', (req) => h.profile(req));
    this.api(R.listAgents, 'user', () => h.listAgents());
    this.api(R.createAgent, 'admin', (req) => h.createAgent(req), true);
    this.api(R.updateAgent, 'admin', (req) => h.updateAgent(req), true);
    this.api(R.deleteAgent, 'admin', (req) => h.deleteAgent(req), true);
    this.api(R.listConversations, 'user', (req) => h.listConversations(req));
    this.api(R.showConversation, 'bot', (req) => h.showConversation(req));
    this.api(R.toggleStatus, 'bot', (req) => h.toggleStatus(req), true);
    this.api(R.createMessage, 'bot', (req) => h.createMessage(req), true);
    this.api(R.inboxAgentBot, 'user', (req) => h.inboxAgentBot(req));
    this.api(R.setInboxAgentBot, 'admin', (req) => h.setInboxAgentBot(req), true);
  }

  /** True when requests are checked against the official description. */
  get validating(): boolean {
    return this.specPath !== undefined;
  }

  seedAgent(seed: ChatwootAgentSeed): ChatwootAgentRecord {
    return { ...this.directory.seedAgent(seed) };
  }

  seedInbox(seed: ChatwootInboxSeed): ChatwootInboxRecord {
    return { ...this.directory.seedInbox(seed) };
  }

  /** A conversation as it stands, without firing webhooks. */
  seedConversation(seed: ChatwootConversationSeed): ChatwootConversationRecord {
    return structuredClone(this.conversationStore.seed(seed));
  }

  agents(): ChatwootAgentRecord[] {
    return this.directory.agentList().map((a) => ({ ...a }));
  }

  agent(id: number): ChatwootAgentRecord | undefined {
    const agent = this.directory.agent(id);
    return agent && { ...agent };
  }

  agentByEmail(email: string): ChatwootAgentRecord | undefined {
    const agent = this.directory.agentByEmail(email);
    return agent && { ...agent };
  }

  /** An open dashboard (or none): what an `auto_offline` agent's availability_status follows. */
  setPresence(agentId: number, present: boolean): void {
    this.requireAgent(agentId).presence = present;
  }

  /** What the agent sets in its own dashboard (or POST /profile/availability). */
  setAvailability(agentId: number, availability: ChatwootAgentRecord['availability'], autoOffline?: boolean) {
    const agent = this.requireAgent(agentId);
    agent.availability = availability;
    agent.autoOffline = autoOffline ?? agent.autoOffline;
  }

  inboxes(): ChatwootInboxRecord[] {
    return this.directory.inboxList().map((i) => ({ ...i }));
  }

  inboxByName(name: string): ChatwootInboxRecord | undefined {
    const inbox = this.directory.inboxByName(name);
    return inbox && { ...inbox };
  }

  /** Attaches a new bot (active by default) and returns it with its token; `undefined` detaches. */
  setInboxBot(
    inboxId: number,
    bot: { name: string; active?: boolean } | undefined,
  ): ChatwootAgentBotRecord | undefined {
    const inbox = this.directory.inbox(inboxId);
    if (!inbox) {
      throw new Error(`inbox ${inboxId} does not exist`);
    }
    const created = bot && this.directory.seedBot(bot.name);
    inbox.agentBotId = created?.id ?? null;
    inbox.botActive = bot ? (bot.active ?? true) : false;
    return created && { ...created };
  }

  conversation(id: number): ChatwootConversationRecord | undefined {
    const conversation = this.conversationStore.get(id);
    return conversation && structuredClone(conversation);
  }

  conversations(): ChatwootConversationRecord[] {
    return structuredClone(this.conversationStore.list());
  }

  contactByIdentifier(identifier: string): ChatwootContactRecord | undefined {
    const contact = this.conversationStore.contactByIdentifier(identifier);
    return contact && { ...contact };
  }

  /** `POST /conversations` (Evolution creates them); fires conversation_created. */
  createConversation(inboxId: number, contact: Partial<ChatwootContactRecord>, status: ChatwootSimStatus) {
    return structuredClone(this.conversationStore.create(inboxId, contact, status));
  }

  /** toggle_status as `actor` (default: an administrator's token, which never auto-assigns). */
  setConversationStatus(id: number, status: ChatwootSimStatus, actor: ChatwootActor = { kind: 'system' }) {
    return structuredClone(this.conversationStore.setStatus(id, status, actor));
  }

  /** A message in a conversation; an incoming one applies Chatwoot's reopen rules. */
  addMessage(conversationId: number, message: NewMessage): ChatwootMessageRecord {
    return { ...this.conversationStore.addMessage(conversationId, message) };
  }

  /** The account webhook (URL, secret, subscriptions); undefined stops deliveries. */
  setWebhook(target: ChatwootWebhookTarget | undefined): void {
    this.webhooks.configure(target);
  }

  /** The next `count` deliveries (of `event`, or any) are lost: Chatwoot never retries. */
  loseWebhooks(count = 1, event?: ChatwootWebhookEvent): void {
    this.webhooks.lose(count, event);
  }

  webhookDeliveries(): ChatwootWebhookRecord[] {
    return this.webhooks.deliveries();
  }

  /** Resolves once every delivery so far has been answered or has failed. */
  webhooksSettled(): Promise<void> {
    return this.webhooks.settled();
  }

  /** Back to an account holding only the administrator: state, deliveries, counters, faults. */
  reset(): void {
    this.directory.reset();
    this.conversationStore.reset();
    this.webhooks.clear();
    this.seedAdmin();
    this.resetCounters();
    this.clearFaults();
  }

  override async stop(): Promise<void> {
    await this.webhooks.settled();
    await super.stop();
  }

  protected override errorResponse(status: number, message: string): SimResponse {
    return jsonResponse({ error: message }, status);
  }

  private api(key: ChatwootSimRouteKey, access: ChatwootAccess, handler: RouteHandler, write = false): void {
    const [method, path] = key.split(' ') as [HttpMethod, string];
    this.route(method, path, handler, {
      write,
      guard: chatwootGuard(this.directory, this.accountId, access),
    });
  }

  private requireAgent(id: number): ChatwootAgentRecord {
    const agent = this.directory.agent(id);
    if (!agent) {
      throw new Error(`agent ${id} does not exist`);
    }
    return agent;
  }

  private seedAdmin(): void {
    if (this.options.adminToken) {
      this.directory.seedAgent({
        name: 'Chat Bridge',
        email: 'bridge@example.com',
        role: 'administrator',
        accessToken: this.options.adminToken,
        availability: 'offline',
        autoOffline: false,
      });
    }
  }
}
