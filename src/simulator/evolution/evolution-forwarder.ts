import type { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
import type { ChatwootActor } from '@app/simulator/chatwoot/chatwoot.types';
import type {
  EvolutionChatwootSettingsRecord,
  ForwardCustomerMessageParams,
  ForwardResult,
} from '@app/simulator/evolution/evolution.types';

// 2.3.7 keeps `createConversation` results for 1800 s.
const CACHE_TTL_MS = 1800 * 1000;

/**
 * What Evolution does with a WhatsApp message for Chatwoot (EVO chatwoot.service.ts
 * `createConversation`): find or create the conversation, switch it to pending first when
 * `conversationPending` is on, then post the message as incoming (Chatwoot's own reopen rules apply).
 */
export class EvolutionForwarder {
  private readonly cache = new Map<string, { conversationId: number; expiresAt: number }>();

  constructor(
    private readonly chatwoot: ChatwootSimulator,
    private readonly now: () => number,
  ) {}

  forward(settings: EvolutionChatwootSettingsRecord, params: ForwardCustomerMessageParams): ForwardResult {
    const { instance, remoteJid } = params;
    if (!settings.enabled) {
      throw new Error(`instance ${instance} has no Chatwoot integration enabled`);
    }
    // The inbox is looked up by name (nameInbox, default the instance name).
    const inbox = this.chatwoot.inboxByName(settings.nameInbox || instance);
    if (!inbox) {
      throw new Error(`Chatwoot has no inbox named "${settings.nameInbox || instance}"`);
    }
    const key = `${instance}:createConversation-${remoteJid}`;
    const cached = this.cache.get(key);
    const latest = this.chatwoot
      .conversations()
      .filter((c) => c.inboxId === inbox.id && c.contact.identifier === remoteJid)
      .sort((a, b) => b.id - a.id)[0];
    const cachedId = cached && cached.expiresAt > this.now() ? cached.conversationId : undefined;
    const hitId =
      params.cache === 'miss' ? undefined : (cachedId ?? (params.cache === 'hit' ? latest?.id : undefined));
    let conversationId: number;
    let created = false;
    if (hitId !== undefined && this.chatwoot.conversation(hitId)) {
      conversationId = hitId; // cache hit: the id is reused with no status change
    } else if (latest && (settings.reopenConversation || latest.status !== 'resolved')) {
      conversationId = latest.id;
      // EVO L827-839: with reopen on, any status but open is first switched to pending.
      if (settings.reopenConversation && settings.conversationPending && latest.status !== 'open') {
        this.chatwoot.setConversationStatus(latest.id, 'pending', this.actor(settings.token));
      }
    } else {
      const status = settings.conversationPending ? 'pending' : 'open';
      const contact = { identifier: remoteJid, name: params.pushName };
      conversationId = this.chatwoot.createConversation(inbox.id, contact, status).id;
      created = true;
    }
    this.cache.set(key, { conversationId, expiresAt: this.now() + CACHE_TTL_MS });
    this.chatwoot.addMessage(conversationId, { content: params.content, messageType: 'incoming' });
    return {
      conversationId,
      status: this.chatwoot.conversation(conversationId)!.status,
      created,
      cache: hitId !== undefined && conversationId === hitId ? 'hit' : 'miss',
    };
  }

  clear(): void {
    this.cache.clear();
  }

  // Evolution calls Chatwoot with the token from its settings (`token`).
  private actor(token: string): ChatwootActor {
    const agent = this.chatwoot.agents().find((a) => a.accessToken === token);
    return agent ? { kind: 'user', agent } : { kind: 'system' };
  }
}
