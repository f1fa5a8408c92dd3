import { randomBytes } from 'node:crypto';

import type {
  ChatwootActor,
  ChatwootAgentBotRecord,
  ChatwootAgentRecord,
  ChatwootAgentSeed,
  ChatwootInboxRecord,
  ChatwootInboxSeed,
  ChatwootSimAvailability,
} from '@app/simulator/chatwoot/chatwoot.types';

const newToken = (): string => randomBytes(12).toString('base64url');

/** Agents, agent bots and inboxes of the one simulated account, and whose token is whose. */
export class ChatwootDirectory {
  private readonly agents = new Map<number, ChatwootAgentRecord>();
  private readonly bots = new Map<number, ChatwootAgentBotRecord>();
  private readonly inboxes = new Map<number, ChatwootInboxRecord>();
  private nextAgentId = 1;
  private nextBotId = 1;
  private nextInboxId = 1;

  seedAgent(seed: ChatwootAgentSeed): ChatwootAgentRecord {
    const id = seed.id ?? this.nextAgentId;
    if (this.agents.has(id) || this.agentByEmail(seed.email)) {
      throw new Error(`seed: agent ${id} (${seed.email}) already exists`);
    }
    const agent: ChatwootAgentRecord = {
      role: 'agent',
      availability: 'online',
      autoOffline: true,
      presence: false,
      confirmed: true,
      accessToken: newToken(),
      ...seed,
      id,
      // Devise keeps e-mails lower-case.
      email: seed.email.trim().toLowerCase(),
    };
    this.agents.set(id, agent);
    this.nextAgentId = Math.max(this.nextAgentId, id + 1);
    return agent;
  }

  seedInbox(seed: ChatwootInboxSeed): ChatwootInboxRecord {
    const id = seed.id ?? this.nextInboxId;
    if (this.inboxes.has(id)) {
      throw new Error(`seed: inbox ${id} already exists`);
    }
    const bot = seed.agentBot && this.seedBot(seed.agentBot.name);
    const inbox: ChatwootInboxRecord = {
      id,
      name: seed.name,
      channelType: 'Channel::Api',
      agentBotId: bot?.id ?? null,
      botActive: bot ? (seed.agentBot?.active ?? true) : false,
    };
    this.inboxes.set(id, inbox);
    this.nextInboxId = Math.max(this.nextInboxId, id + 1);
    return inbox;
  }

  seedBot(name: string): ChatwootAgentBotRecord {
    const bot = { id: this.nextBotId++, name, accessToken: newToken() };
    this.bots.set(bot.id, bot);
    return bot;
  }

  agent(id: number): ChatwootAgentRecord | undefined {
    return this.agents.get(id);
  }

  agentByEmail(email: string): ChatwootAgentRecord | undefined {
    const key = email.trim().toLowerCase();
    return [...this.agents.values()].find((a) => a.email === key);
  }

  agentList(): ChatwootAgentRecord[] {
    return [...this.agents.values()].sort((a, b) => a.id - b.id);
  }

  removeAgent(id: number): boolean {
    return this.agents.delete(id);
  }

  bot(id: number): ChatwootAgentBotRecord | undefined {
    return this.bots.get(id);
  }

  inbox(id: number): ChatwootInboxRecord | undefined {
    return this.inboxes.get(id);
  }

  inboxByName(name: string): ChatwootInboxRecord | undefined {
    return [...this.inboxes.values()].find((i) => i.name === name);
  }

  inboxList(): ChatwootInboxRecord[] {
    return [...this.inboxes.values()].sort((a, b) => a.id - b.id);
  }

  /** `Inbox#active_bot?`, without Dialogflow and Captain. */
  hasActiveBot(inboxId: number): boolean {
    const inbox = this.inboxes.get(inboxId);
    return !!inbox && inbox.agentBotId !== null && inbox.botActive;
  }

  actorFor(token: string | undefined): ChatwootActor | undefined {
    if (!token) {
      return undefined;
    }
    const agent = [...this.agents.values()].find((a) => a.accessToken === token);
    if (agent) {
      return { kind: 'user', agent };
    }
    const bot = [...this.bots.values()].find((b) => b.accessToken === token);
    return bot ? { kind: 'bot', bot } : undefined;
  }

  reset(): void {
    this.agents.clear();
    this.bots.clear();
    this.inboxes.clear();
    this.nextAgentId = 1;
    this.nextBotId = 1;
    this.nextInboxId = 1;
  }
}

/** The read-only `availability_status`: auto-offline agents without presence read offline. */
export const availabilityStatus = (agent: ChatwootAgentRecord): ChatwootSimAvailability =>
  agent.autoOffline && !agent.presence ? 'offline' : agent.availability;
