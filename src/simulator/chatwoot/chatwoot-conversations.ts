import type { ChatwootDirectory } from '@app/simulator/chatwoot/chatwoot-directory';
import type {
  ChatwootActor,
  ChatwootContactRecord,
  ChatwootConversationRecord,
  ChatwootConversationSeed,
  ChatwootMessageRecord,
  ChatwootSimStatus,
  ChatwootWebhookEvent,
} from '@app/simulator/chatwoot/chatwoot.types';

/** `[{attr: {previous_value, current_value}}]`, as CW base_listener#extract_changed_attributes builds it. */
export type ChangedAttributes = Array<Record<string, { previous_value: unknown; current_value: unknown }>>;

export type ConversationEmitter = (
  event: ChatwootWebhookEvent,
  conversation: ChatwootConversationRecord,
  extra: { changed?: ChangedAttributes; message?: ChatwootMessageRecord },
) => void;

export interface NewMessage {
  content: string;
  messageType: 'incoming' | 'outgoing';
  private?: boolean;
  /** Who sends an outgoing message; incoming ones come from the contact. */
  actor?: ChatwootActor;
}

/**
 * Conversations with Chatwoot's own rules: the toggle_status rules, the reopen rules for an
 * incoming message and the events each change fires.
 */
export class ChatwootConversations {
  private readonly conversations = new Map<number, ChatwootConversationRecord>();
  private readonly contacts = new Map<string, ChatwootContactRecord>();
  private nextId = 1;
  private nextMessageId = 1;

  constructor(
    private readonly directory: ChatwootDirectory,
    private readonly nowSeconds: () => number,
    private readonly emit: ConversationEmitter,
  ) {}

  /** Seeded state fires no webhook. */
  seed(seed: ChatwootConversationSeed): ChatwootConversationRecord {
    const conversation = this.build(seed.inboxId, seed.contact ?? {}, seed.status ?? 'open', seed.id);
    conversation.assigneeId = seed.assigneeId ?? null;
    conversation.assigneeType = conversation.assigneeId === null ? null : 'User';
    conversation.muted = seed.muted ?? false;
    const assignee = seed.assigneeId ? this.directory.agent(seed.assigneeId) : undefined;
    for (const message of seed.messages ?? []) {
      this.append(conversation, {
        ...message,
        actor: assignee ? { kind: 'user', agent: assignee } : { kind: 'system' },
      });
    }
    return conversation;
  }

  /** `POST /conversations`: an active bot overrides the requested status with pending. */
  create(inboxId: number, contact: Partial<ChatwootContactRecord>, status: ChatwootSimStatus) {
    const forced = this.directory.hasActiveBot(inboxId) ? 'pending' : status;
    const conversation = this.build(inboxId, contact, forced);
    this.emit('conversation_created', conversation, {});
    return conversation;
  }

  get(id: number): ChatwootConversationRecord | undefined {
    return this.conversations.get(id);
  }

  list(): ChatwootConversationRecord[] {
    return [...this.conversations.values()];
  }

  contactByIdentifier(identifier: string): ChatwootContactRecord | undefined {
    return this.contacts.get(identifier);
  }

  /** toggle_status with an explicit status. */
  setStatus(id: number, status: ChatwootSimStatus, actor: ChatwootActor, snoozedUntil?: number) {
    const conversation = this.require(id);
    const changed: ChangedAttributes = [];
    const previous = conversation.status;
    if (actor.kind === 'bot' && previous === 'pending' && status === 'open') {
      conversation.waitingSince ??= this.nowSeconds(); // bot_handoff!
    }
    conversation.status = status;
    conversation.snoozedUntil = status === 'snoozed' ? (snoozedUntil ?? null) : null;
    if (previous !== status) {
      changed.push({ status: { previous_value: previous, current_value: status } });
    }
    // should_assign_conversation?: an agent-role user opening it becomes its assignee.
    if (actor.kind === 'user' && actor.agent.role === 'agent' && status === 'open') {
      if (conversation.assigneeId !== actor.agent.id) {
        changed.push({
          assignee_id: { previous_value: conversation.assigneeId, current_value: actor.agent.id },
        });
        conversation.assigneeId = actor.agent.id;
        conversation.assigneeType = 'User';
      }
    }
    this.changed(conversation, changed);
    return conversation;
  }

  /** A message; an incoming one reopens the conversation the way Message#reopen_conversation does. */
  addMessage(id: number, message: NewMessage): ChatwootMessageRecord {
    const conversation = this.require(id);
    if (message.messageType === 'incoming' && !conversation.muted) {
      const reopened = this.reopenedStatus(conversation);
      if (reopened) {
        const previous = conversation.status;
        conversation.status = reopened;
        conversation.snoozedUntil = null;
        this.changed(conversation, [{ status: { previous_value: previous, current_value: reopened } }]);
      }
    }
    const record = this.append(conversation, message);
    this.emit('message_created', conversation, { message: record });
    return record;
  }

  reset(): void {
    this.conversations.clear();
    this.contacts.clear();
    this.nextId = 1;
    this.nextMessageId = 1;
  }

  // snoozed → open; resolved → pending with an active bot, else open.
  private reopenedStatus(conversation: ChatwootConversationRecord): ChatwootSimStatus | undefined {
    if (conversation.status === 'snoozed') {
      return 'open';
    }
    if (conversation.status === 'resolved') {
      return this.directory.hasActiveBot(conversation.inboxId) ? 'pending' : 'open';
    }
    return undefined;
  }

  // A status change fires conversation_status_changed (its changed_attributes are normally empty,
  //) and conversation_updated with the diff.
  private changed(conversation: ChatwootConversationRecord, changed: ChangedAttributes): void {
    if (changed.length === 0) {
      return;
    }
    conversation.updatedAt = this.nowSeconds();
    if (changed.some((c) => 'status' in c)) {
      this.emit('conversation_status_changed', conversation, {});
    }
    this.emit('conversation_updated', conversation, { changed });
  }

  private append(conversation: ChatwootConversationRecord, message: NewMessage): ChatwootMessageRecord {
    const now = this.nowSeconds();
    const actor = message.actor ?? { kind: 'system' };
    const incoming = message.messageType === 'incoming';
    const record: ChatwootMessageRecord = {
      id: this.nextMessageId++,
      content: message.content,
      messageType: message.messageType,
      private: message.private ?? false,
      createdAt: now,
      senderType: incoming ? 'Contact' : actor.kind === 'bot' ? 'AgentBot' : 'User',
      senderId: incoming ? conversation.contact.id : actor.kind === 'user' ? actor.agent.id : 0,
    };
    conversation.messages.push(record);
    conversation.lastActivityAt = now;
    conversation.updatedAt = now;
    if (incoming) {
      conversation.waitingSince ??= now;
    } else if (!record.private && record.senderType === 'User') {
      conversation.firstReplyCreatedAt ??= now;
      conversation.waitingSince = null;
    }
    return record;
  }

  private build(
    inboxId: number,
    contact: Partial<ChatwootContactRecord>,
    status: ChatwootSimStatus,
    id?: number,
  ) {
    if (!this.directory.inbox(inboxId)) {
      throw new Error(`inbox ${inboxId} does not exist`);
    }
    const displayId = id ?? this.nextId;
    if (this.conversations.has(displayId)) {
      throw new Error(`conversation ${displayId} already exists`);
    }
    const now = this.nowSeconds();
    const conversation: ChatwootConversationRecord = {
      id: displayId,
      inboxId,
      status,
      contact: this.contactFor(contact),
      assigneeId: null,
      assigneeType: null,
      muted: false,
      messages: [],
      firstReplyCreatedAt: null,
      waitingSince: null,
      snoozedUntil: null,
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
    };
    this.conversations.set(displayId, conversation);
    this.nextId = Math.max(this.nextId, displayId + 1);
    return conversation;
  }

  private contactFor(contact: Partial<ChatwootContactRecord>): ChatwootContactRecord {
    const identifier = contact.identifier ?? `contact-${this.contacts.size + 1}@s.whatsapp.net`;
    const existing = this.contacts.get(identifier);
    if (existing) {
      return existing;
    }
    const created: ChatwootContactRecord = {
      id: this.contacts.size + 1,
      name: contact.name ?? identifier.split('@')[0],
      identifier,
      phoneNumber: contact.phoneNumber ?? `+${identifier.split('@')[0].replace(/\D/g, '')}`,
    };
    this.contacts.set(identifier, created);
    return created;
  }

  private require(id: number): ChatwootConversationRecord {
    const conversation = this.conversations.get(id);
    if (!conversation) {
      throw new Error(`conversation ${id} does not exist`);
    }
    return conversation;
  }
}
