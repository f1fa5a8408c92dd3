import { Injectable, Logger } from '@nestjs/common';

import { shouldReopen } from '@app/conversations/reopen-rule';
import { ConversationStateRepository } from '@app/database/repositories/conversation-state.repository';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import type {
  ChatPlatformAdapter,
  ConversationsFacet,
  RemoteConversation,
} from '@app/platforms/chat-platform.adapter';
import type { CanonicalEvent } from '@app/platforms/webhook.types';
import { describeError } from '@app/runs/platform-error.handler';
import type { ChangeRecord } from '@app/runs/run.types';
import { RunRecorder } from '@app/runs/run-recorder.service';

type ConversationEvent = Extract<CanonicalEvent, { kind: 'conversation' }>;

/** Chatwoot may flap a conversation (Evolution 1.x); one toggle per conversation per window. */
const TOGGLE_GUARD_MS = 30_000;

/**
 * Keeps each conversation's status and previous status, and sets `open` a resolved conversation
 * the customer reopened that came back `pending` — once per reopening, audited as a change.
 */
@Injectable()
export class ConversationNormalizer {
  private readonly logger = new Logger(ConversationNormalizer.name);

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly conversations: ConversationStateRepository,
    private readonly recorder: RunRecorder,
  ) {}

  /** A webhook's view of a conversation (already de-duplicated by the inbox). */
  async onEvent(connectorId: string, event: ConversationEvent): Promise<void> {
    const occurredAt = new Date(event.occurredAt);
    const stored = await this.conversations.find(connectorId, event.conversationId);
    if (stored?.sourceUpdatedAt && stored.sourceUpdatedAt > occurredAt) {
      return; // an older delivery arriving late never moves the state backwards
    }
    const previousStatus =
      event.previousStatus ??
      (stored && stored.status !== event.status ? stored.status : (stored?.previousStatus ?? null));
    await this.conversations.upsert({
      connectorId,
      conversationId: event.conversationId,
      status: event.status,
      previousStatus,
      inboxId: event.inboxId ?? stored?.inboxId ?? null,
      assigneeType: event.assigneeType ?? null,
      lastToggledAt: stored?.lastToggledAt ?? null,
      sourceUpdatedAt: occurredAt,
    });
    const platform = this.adapters.get(connectorId)?.conversations;
    if (
      !platform ||
      !shouldReopen({ ...event, previousStatus }, platform.reopenPolicy) ||
      this.recentlyToggled(stored?.lastToggledAt)
    ) {
      return;
    }
    const run = await this.recorder.record(
      { connectorId, kind: 'conversation', trigger: 'event' },
      async () => ({
        changes: [await this.reopen(connectorId, platform, event.conversationId, event.inboxId ?? null)],
      }),
    );
    if (run.outcome !== 'ok') {
      throw new Error(run.changes[0]?.error ?? 'toggle_status failed');
    }
  }

  /**
   * Chatwoot sends each webhook once: the scheduled sweep lists pending conversations of the
   * configured inboxes, page by page, and applies the same rule.
   */
  async sweep(adapter: ChatPlatformAdapter, dryRun: boolean): Promise<ChangeRecord[]> {
    const { connectorId, conversations: platform } = adapter;
    if (!platform || platform.reopenPolicy.reopenedStatus === 'keep') {
      return [];
    }
    // Read every page before changing anything: opening a conversation takes it out of the
    // `pending` listing and would shift the pages still to read.
    const pending: RemoteConversation[] = [];
    for (const inboxId of platform.reopenPolicy.inboxes.map(String)) {
      for (let page = 1; ; page++) {
        const listed = await platform.list({ status: 'pending', inboxId, page });
        if (listed.length === 0) {
          break;
        }
        pending.push(...listed);
      }
    }
    const records: ChangeRecord[] = [];
    for (const conversation of pending) {
      const record = await this.sweepOne(connectorId, platform, conversation, dryRun);
      if (record) {
        records.push(record);
      }
    }
    return records;
  }

  private async sweepOne(
    connectorId: string,
    platform: ConversationsFacet,
    conversation: RemoteConversation,
    dryRun: boolean,
  ): Promise<ChangeRecord | undefined> {
    const stored = await this.conversations.find(connectorId, conversation.conversationId);
    const previousStatus = stored?.status === 'resolved' ? 'resolved' : (stored?.previousStatus ?? null);
    if (
      !shouldReopen({ ...conversation, previousStatus }, platform.reopenPolicy) ||
      this.recentlyToggled(stored?.lastToggledAt)
    ) {
      return undefined;
    }
    if (dryRun) {
      return { ...toggleRecord(conversation.conversationId), outcome: 'planned' };
    }
    return this.reopen(connectorId, platform, conversation.conversationId, conversation.inboxId);
  }

  private async reopen(
    connectorId: string,
    platform: ConversationsFacet,
    conversationId: string,
    inboxId: string | null,
  ): Promise<ChangeRecord> {
    const started = Date.now();
    try {
      await platform.setStatus({ conversationId, status: 'open' });
      const now = new Date();
      await this.conversations.upsert({
        connectorId,
        conversationId,
        status: 'open',
        previousStatus: 'pending',
        inboxId,
        lastToggledAt: now,
        sourceUpdatedAt: now,
      });
      this.logger.log(`${connectorId}: conversation ${conversationId} reopened by the customer set open`);
      return { ...toggleRecord(conversationId), outcome: 'applied', durationMs: Date.now() - started };
    } catch (error) {
      return {
        ...toggleRecord(conversationId),
        outcome: 'failed',
        error: describeError(error),
        durationMs: Date.now() - started,
      };
    }
  }

  private recentlyToggled(at: Date | null | undefined): boolean {
    return !!at && Date.now() - at.getTime() < TOGGLE_GUARD_MS;
  }
}

const toggleRecord = (conversationId: string): ChangeRecord => ({
  operatorKey: null,
  action: 'update',
  field: 'conversation.status',
  before: { conversationId, status: 'pending' },
  after: { conversationId, status: 'open' },
  outcome: 'planned',
  error: null,
  durationMs: null,
});
