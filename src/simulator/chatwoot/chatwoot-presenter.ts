import type { ChangedAttributes } from '@app/simulator/chatwoot/chatwoot-conversations';
import { type ChatwootDirectory, availabilityStatus } from '@app/simulator/chatwoot/chatwoot-directory';
import type {
  ChatwootAgentBotRecord,
  ChatwootAgentRecord,
  ChatwootContactRecord,
  ChatwootConversationRecord,
  ChatwootMessageRecord,
} from '@app/simulator/chatwoot/chatwoot.types';

type Json = Record<string, unknown>;
const MESSAGE_TYPES = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

/** JSON as Chatwoot renders it; one instance per simulated account. */
export class ChatwootPresenter {
  constructor(
    private readonly account: { id: number; name: string },
    private readonly directory: ChatwootDirectory,
  ) {}

  /** `_agent.json.jbuilder`. */
  agent(agent: ChatwootAgentRecord): Json {
    return {
      id: agent.id,
      account_id: this.account.id,
      availability_status: availabilityStatus(agent),
      auto_offline: agent.autoOffline,
      confirmed: agent.confirmed,
      email: agent.email,
      provider: 'email',
      available_name: agent.name,
      name: agent.name,
      role: agent.role,
      thumbnail: '',
      custom_role_id: null,
    };
  }

  profile(agent: ChatwootAgentRecord): Json {
    return {
      id: agent.id,
      name: agent.name,
      email: agent.email,
      available_name: agent.name,
      role: agent.role,
      confirmed: agent.confirmed,
      accounts: [
        {
          id: this.account.id,
          name: this.account.name,
          role: agent.role,
          availability: agent.availability,
          availability_status: availabilityStatus(agent),
          auto_offline: agent.autoOffline,
        },
      ],
    };
  }

  agentBot(bot: ChatwootAgentBotRecord): Json {
    return { id: bot.id, name: bot.name, description: '', outgoing_url: '', bot_type: 'webhook' };
  }

  /** List and show (`_conversation.json.jbuilder`): `message_type` as an integer. */
  conversation(conversation: ChatwootConversationRecord): Json {
    const last = conversation.messages.at(-1);
    const lastNonActivity = conversation.messages.filter((m) => m.messageType !== 'activity').at(-1);
    return {
      id: conversation.id,
      account_id: this.account.id,
      uuid: `00000000-0000-4000-8000-${String(conversation.id).padStart(12, '0')}`,
      inbox_id: conversation.inboxId,
      status: conversation.status,
      muted: conversation.muted,
      can_reply: true,
      snoozed_until: conversation.snoozedUntil,
      priority: null,
      labels: [],
      custom_attributes: {},
      additional_attributes: {},
      unread_count: 0,
      timestamp: conversation.lastActivityAt,
      last_activity_at: conversation.lastActivityAt,
      created_at: conversation.createdAt,
      updated_at: conversation.updatedAt,
      waiting_since: conversation.waitingSince ?? 0,
      first_reply_created_at: conversation.firstReplyCreatedAt ?? 0,
      agent_last_seen_at: 0,
      messages: last ? [this.message(conversation, last)] : [],
      last_non_activity_message: lastNonActivity ? this.message(conversation, lastNonActivity) : null,
      sla_policy_id: null,
      meta: this.conversationMeta(conversation),
    };
  }

  message(conversation: ChatwootConversationRecord, message: ChatwootMessageRecord): Json {
    return {
      id: message.id,
      content: message.content,
      account_id: this.account.id,
      inbox_id: conversation.inboxId,
      conversation_id: conversation.id,
      message_type: MESSAGE_TYPES[message.messageType],
      created_at: message.createdAt,
      private: message.private,
      content_type: 'text',
      sender_type: message.senderType,
      sender_id: message.senderId,
    };
  }

  /** `conversation.webhook_data` + event + changed_attributes. */
  conversationWebhook(
    event: string,
    conversation: ChatwootConversationRecord,
    changed?: ChangedAttributes,
  ): Json {
    const { messages, last_non_activity_message: _ignored, ...rest } = this.conversation(conversation);
    return {
      event,
      ...rest,
      channel: 'Channel::Api',
      account: { ...this.account },
      messages,
      contact_inbox: { id: conversation.contact.id, source_id: conversation.contact.identifier },
      contact_last_seen_at: 0,
      changed_attributes: changed ?? null,
    };
  }

  /** `message.webhook_data` + event: `message_type` as a string here. */
  messageWebhook(conversation: ChatwootConversationRecord, message: ChatwootMessageRecord): Json {
    const agent = message.senderType === 'User' ? this.directory.agent(message.senderId) : undefined;
    const sender =
      message.senderType === 'Contact'
        ? this.contact(conversation.contact)
        : {
            id: message.senderId,
            name: agent?.name ?? 'bot',
            email: agent?.email,
            type: agent ? 'user' : 'agent_bot',
          };
    const meta = this.conversationMeta(conversation);
    return {
      event: 'message_created',
      id: message.id,
      content: message.content,
      message_type: message.messageType,
      content_type: 'text',
      private: message.private,
      source_id: null,
      content_attributes: {},
      additional_attributes: {},
      created_at: new Date(message.createdAt * 1000).toISOString(),
      sender,
      inbox: { id: conversation.inboxId, name: this.directory.inbox(conversation.inboxId)?.name ?? '' },
      account: { ...this.account },
      conversation: {
        id: conversation.id,
        status: conversation.status,
        inbox_id: conversation.inboxId,
        meta: { sender: meta.sender, assignee: meta.assignee, assignee_type: meta.assignee_type },
      },
    };
  }

  private conversationMeta(conversation: ChatwootConversationRecord) {
    const assignee = conversation.assigneeId ? this.directory.agent(conversation.assigneeId) : undefined;
    return {
      sender: this.contact(conversation.contact),
      channel: 'Channel::Api',
      assignee: assignee ? this.agent(assignee) : null,
      assignee_type: conversation.assigneeType,
      team: null,
      hmac_verified: false,
    };
  }

  private contact(contact: ChatwootContactRecord): Json {
    return {
      id: contact.id,
      name: contact.name,
      phone_number: contact.phoneNumber,
      identifier: contact.identifier,
      email: null,
      thumbnail: '',
      blocked: false,
      additional_attributes: {},
      custom_attributes: {},
    };
  }
}
