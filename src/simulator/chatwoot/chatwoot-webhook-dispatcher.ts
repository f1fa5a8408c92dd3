import { randomUUID } from 'node:crypto';

import { computeChatwootSignature } from '@app/platforms/chatwoot/chatwoot-signature';
import type {
  ChatwootWebhookEvent,
  ChatwootWebhookRecord,
  ChatwootWebhookTarget,
} from '@app/simulator/chatwoot/chatwoot.types';
import { WebhookSender } from '@app/simulator/framework/webhook-sender';

const DEFAULT_SUBSCRIPTIONS: ChatwootWebhookEvent[] = [
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'message_created',
];
// WEBHOOK_TIMEOUT default.
const TIMEOUT_MS = 5000;

/**
 * The account webhook as Chatwoot delivers it: one POST per event, tried once with a
 * 5 s timeout and never retried, signed with `X-Chatwoot-Signature` when the webhook has a secret.
 * Deliveries go out in order, after the request that caused them has been answered.
 */
export class ChatwootWebhookDispatcher {
  private target?: ChatwootWebhookTarget;
  private readonly records: ChatwootWebhookRecord[] = [];
  private readonly toLose: Array<{ event?: ChatwootWebhookEvent }> = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly sender = new WebhookSender(TIMEOUT_MS);

  constructor(private readonly nowMs: () => number) {}

  configure(target: ChatwootWebhookTarget | undefined): void {
    this.target = target;
  }

  /** The next `count` deliveries (of `event`, or of any event) are dropped, as a failed delivery would be. */
  lose(count = 1, event?: ChatwootWebhookEvent): void {
    for (let i = 0; i < count; i++) {
      this.toLose.push({ event });
    }
  }

  dispatch(event: ChatwootWebhookEvent, conversationId: number, payload: object): void {
    const target = this.target;
    if (!target || !(target.subscriptions ?? DEFAULT_SUBSCRIPTIONS).includes(event)) {
      return;
    }
    const loseIndex = this.toLose.findIndex((l) => l.event === undefined || l.event === event);
    if (loseIndex >= 0) {
      this.toLose.splice(loseIndex, 1);
    }
    const record: ChatwootWebhookRecord = {
      deliveryId: randomUUID(),
      event,
      conversationId,
      body: JSON.stringify(payload),
      at: new Date(this.nowMs()).toISOString(),
      lost: loseIndex >= 0,
    };
    this.records.push(record);
    if (!record.lost) {
      this.queue = this.queue.then(() => this.send(target, record));
    }
  }

  deliveries(): ChatwootWebhookRecord[] {
    return structuredClone(this.records);
  }

  /** Resolves once every delivery dispatched so far has been answered or has failed. */
  async settled(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  clear(): void {
    this.records.length = 0;
    this.toLose.length = 0;
  }

  private async send(target: ChatwootWebhookTarget, record: ChatwootWebhookRecord): Promise<void> {
    const headers: Record<string, string> = { 'x-chatwoot-delivery': record.deliveryId };
    if (target.secret !== undefined) {
      const timestamp = String(Math.floor(this.nowMs() / 1000));
      headers['x-chatwoot-timestamp'] = timestamp;
      headers['x-chatwoot-signature'] = computeChatwootSignature(target.secret, timestamp, record.body);
    }
    try {
      const result = await this.sender.send({ url: target.url, body: record.body, headers });
      record.status = result.status;
    } catch (error) {
      // Chatwoot only logs a failed delivery.
      record.error = (error as Error).message;
    }
  }
}
