import { actorOf } from '@app/simulator/chatwoot/chatwoot-auth.guard';
import type { ChatwootConversations } from '@app/simulator/chatwoot/chatwoot-conversations';
import type { ChatwootDirectory } from '@app/simulator/chatwoot/chatwoot-directory';
import type { ChatwootPresenter } from '@app/simulator/chatwoot/chatwoot-presenter';
import type {
  ChatwootActor,
  ChatwootConversationRecord,
  ChatwootSimAvailability,
  ChatwootSimRole,
  ChatwootSimStatus,
} from '@app/simulator/chatwoot/chatwoot.types';
import { emptyResponse, jsonResponse } from '@app/simulator/framework/sim-response';
import type { SimRequest, SimResponse } from '@app/simulator/framework/simulator.types';

type Json = Record<string, unknown>;

// CONVERSATION_RESULTS_PER_PAGE.
const PER_PAGE = 25;
const NOT_FOUND = jsonResponse({ error: 'Resource could not be found' }, 404);

export interface ChatwootHandlerDeps {
  directory: ChatwootDirectory;
  conversations: ChatwootConversations;
  presenter: ChatwootPresenter;
  seatLimit?: number;
}

/** The Application API routes; shapes were checked against the description before they run. */
export class ChatwootHandlers {
  constructor(private readonly deps: ChatwootHandlerDeps) {}

  profile(req: SimRequest): SimResponse {
    const actor = this.actor(req);
    return actor.kind === 'user'
      ? jsonResponse(this.deps.presenter.profile(actor.agent))
      : jsonResponse({ error: 'Invalid Access Token' }, 401);
  }

  listAgents(): SimResponse {
    return jsonResponse(this.deps.directory.agentList().map((a) => this.deps.presenter.agent(a)));
  }

  createAgent({ body }: SimRequest): SimResponse {
    const { directory, seatLimit } = this.deps;
    const input = body as Json;
    if (seatLimit !== undefined && directory.agentList().length >= seatLimit) {
      return jsonResponse({ error: 'Account limit exceeded. Please purchase more licenses' }, 402);
    }
    if (directory.agentByEmail(String(input.email))) {
      // Inferred: AccountUser's uniqueness validation answers 422.
      return jsonResponse({ message: 'User has already been taken', attributes: ['user'] }, 422);
    }
    const agent = directory.seedAgent({
      name: String(input.name),
      email: String(input.email),
      role: input.role as ChatwootSimRole,
      availability: (input.availability as ChatwootSimAvailability | undefined) ?? 'online',
      autoOffline: (input.auto_offline as boolean | undefined) ?? true,
      confirmed: false, // AgentBuilder sends an invitation
    });
    return jsonResponse(this.deps.presenter.agent(agent));
  }

  /** Only name, role, availability and auto_offline are applied; availability_status is ignored. */
  updateAgent({ params, body }: SimRequest): SimResponse {
    const agent = this.deps.directory.agent(Number(params.id));
    if (!agent) {
      return NOT_FOUND;
    }
    const input = body as Json;
    agent.name = typeof input.name === 'string' ? input.name : agent.name;
    agent.role = (input.role as ChatwootSimRole | undefined) ?? agent.role;
    agent.availability = (input.availability as ChatwootSimAvailability | undefined) ?? agent.availability;
    agent.autoOffline = typeof input.auto_offline === 'boolean' ? input.auto_offline : agent.autoOffline;
    return jsonResponse(this.deps.presenter.agent(agent));
  }

  deleteAgent({ params }: SimRequest): SimResponse {
    return this.deps.directory.removeAgent(Number(params.id)) ? emptyResponse(200) : NOT_FOUND;
  }

  listConversations(req: SimRequest): SimResponse {
    const query = req.query as Record<string, string | undefined>;
    const status = query.status ?? 'open';
    const actor = this.actor(req);
    const base = this.deps.conversations
      .list()
      .filter((c) => status === 'all' || c.status === status)
      .filter((c) => query.inbox_id === undefined || String(c.inboxId) === query.inbox_id);
    const mine = (c: ChatwootConversationRecord) => actor.kind === 'user' && c.assigneeId === actor.agent.id;
    const byAssignee: Record<string, (c: ChatwootConversationRecord) => boolean> = {
      me: mine,
      unassigned: (c) => c.assigneeId === null,
      assigned: (c) => c.assigneeId !== null,
      all: () => true,
    };
    const page = Math.max(1, Number(query.page ?? 1));
    const selected = base
      .filter(byAssignee[query.assignee_type ?? 'all'])
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id)
      .slice((page - 1) * PER_PAGE, page * PER_PAGE);
    return jsonResponse({
      data: {
        meta: {
          mine_count: base.filter(mine).length,
          assigned_count: base.filter(byAssignee.assigned).length,
          unassigned_count: base.filter(byAssignee.unassigned).length,
          all_count: base.length,
        },
        payload: selected.map((c) => this.deps.presenter.conversation(c)),
      },
    });
  }

  showConversation({ params }: SimRequest): SimResponse {
    const conversation = this.deps.conversations.get(Number(params.conversationId));
    return conversation ? jsonResponse(this.deps.presenter.conversation(conversation)) : NOT_FOUND;
  }

  /** The description requires `status`, so the no-status toggle (rule 3) never reaches here. */
  toggleStatus(req: SimRequest): SimResponse {
    const id = Number(req.params.conversationId);
    if (!this.deps.conversations.get(id)) {
      return NOT_FOUND;
    }
    const { status, snoozed_until: snoozedUntil } = req.body as {
      status: ChatwootSimStatus;
      snoozed_until?: number;
    };
    const conversation = this.deps.conversations.setStatus(id, status, this.actor(req), snoozedUntil);
    return jsonResponse({
      meta: {},
      payload: {
        success: true,
        conversation_id: conversation.id,
        current_status: conversation.status,
        snoozed_until: conversation.snoozedUntil,
      },
    });
  }

  createMessage(req: SimRequest): SimResponse {
    const id = Number(req.params.conversationId);
    const conversation = this.deps.conversations.get(id);
    if (!conversation) {
      return NOT_FOUND;
    }
    const input = req.body as Json;
    const message = this.deps.conversations.addMessage(id, {
      content: String(input.content),
      messageType: input.message_type === 'incoming' ? 'incoming' : 'outgoing',
      private: input.private === true,
      actor: this.actor(req),
    });
    return jsonResponse(this.deps.presenter.message(conversation, message));
  }

  /** 200 `{agent_bot: {…}}`, empty without a bot (CW inboxes/agent_bot.json.jbuilder). */
  inboxAgentBot({ params }: SimRequest): SimResponse {
    const inbox = this.deps.directory.inbox(Number(params.id));
    if (!inbox) {
      return NOT_FOUND;
    }
    const bot = inbox.agentBotId === null ? undefined : this.deps.directory.bot(inbox.agentBotId);
    return jsonResponse({ agent_bot: bot ? this.deps.presenter.agentBot(bot) : {} });
  }

  setInboxAgentBot({ params, body }: SimRequest): SimResponse {
    const inbox = this.deps.directory.inbox(Number(params.id));
    const botId = (body as Json).agent_bot as number | null | undefined;
    if (!inbox || (typeof botId === 'number' && !this.deps.directory.bot(botId))) {
      return NOT_FOUND;
    }
    inbox.agentBotId = typeof botId === 'number' ? botId : null;
    inbox.botActive = inbox.agentBotId !== null;
    return emptyResponse(204);
  }

  private actor(req: SimRequest): ChatwootActor {
    return actorOf(this.deps.directory, req) ?? { kind: 'system' };
  }
}
