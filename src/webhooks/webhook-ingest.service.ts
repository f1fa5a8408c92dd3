import { performance } from 'node:perf_hooks';

import { HttpStatus, Injectable, Logger } from '@nestjs/common';

import { AssignmentService } from '@app/assignment/assignment.service';
import { apiErrorReply } from '@app/common/api-errors';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { MetricsService } from '@app/metrics/metrics.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import {
  type AssignmentRequest,
  type CanonicalEvent,
  type ParsedWebhook,
  WebhookBodyError,
  type WebhookRequest,
} from '@app/platforms/webhook.types';
import { RunRecorder } from '@app/runs/run-recorder.service';
import { InboxProcessor } from '@app/webhooks/inbox-processor.service';
import { assertStorable } from '@app/webhooks/storable-event';

export interface WebhookReply {
  status: number;
  body: unknown;
}

/**
 * verify → parse → store → acknowledge. Nothing is acknowledged before it is durable; a client's
 * mistake is a 4xx and leaves no trace but a metric and a log line.
 */
@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger(WebhookIngestService.name);

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly assignment: AssignmentService,
    private readonly config: BridgeConfigService,
    private readonly inbox: InboxRepository,
    private readonly metrics: MetricsService,
    private readonly processor: InboxProcessor,
    private readonly recorder: RunRecorder,
  ) {}

  async receive(connectorId: string, request: WebhookRequest): Promise<WebhookReply> {
    const started = performance.now();
    if (!this.recorder.accepting) {
      // Shutting down: the platform retries, another replica (or this one restarted) stores it.
      return apiErrorReply('SHUTTING_DOWN', 'chat-bridge is shutting down');
    }
    const adapter = this.adapters.get(connectorId);
    const webhooks = adapter?.webhooks;
    if (!adapter || !webhooks || !this.config.findConnector(connectorId)?.enabled) {
      this.metrics.webhooksRejected.inc({ connector: 'unknown', reason: 'unknown_connector' });
      return apiErrorReply('CONNECTOR_NOT_FOUND', 'no enabled connector with webhooks has this id');
    }
    const verification = webhooks.verify(request);
    if (!verification.ok) {
      this.metrics.webhooksRejected.inc({ connector: connectorId, reason: 'signature' });
      this.logger.warn(`${connectorId}: webhook refused: ${verification.reason}`);
      return apiErrorReply('WEBHOOK_UNAUTHORIZED', 'the webhook failed verification');
    }
    let parsed: ParsedWebhook;
    try {
      parsed = webhooks.parse(request);
      assertStorable(parsed.events, parsed.assignment);
    } catch (error) {
      if (!(error instanceof WebhookBodyError)) {
        throw error;
      }
      this.metrics.webhooksRejected.inc({ connector: connectorId, reason: 'body' });
      this.logger.warn(`${connectorId}: malformed webhook body: ${error.message}`);
      return apiErrorReply('WEBHOOK_MALFORMED', error.message);
    }
    if (parsed.assignment) {
      return this.answerAssignment(
        connectorId,
        parsed.assignment,
        request.receivedAt,
        started,
        parsed.events,
      );
    }
    try {
      await this.store(connectorId, parsed.events, request.receivedAt, parsed.replay);
    } catch (error) {
      // The transaction holding this delivery rolled back: nothing of it is stored, so the
      // platform must send it again.
      this.logger.error(
        `${connectorId}: could not store a webhook: ${error instanceof Error ? error.message : String(error)}`,
      );
      return apiErrorReply('INBOX_UNAVAILABLE', 'the webhook could not be stored; retry');
    }
    return { status: HttpStatus.OK, body: webhooks.acknowledgement?.() ?? { ok: true } };
  }

  /**
   * Answered from memory, before anything touches the disk: the platform is waiting (2 s). The
   * answer is then written to the inbox as the audit trail; a crash in between loses an audit
   * line, never a customer's event.
   */
  private answerAssignment(
    connectorId: string,
    request: AssignmentRequest,
    receivedAt: Date,
    started: number,
    events: CanonicalEvent[],
  ): WebhookReply {
    const answer = this.assignment.answer(connectorId, request);
    const body = this.adapters.get(connectorId)?.assignment?.reply(answer) ?? answer;
    this.metrics.assignmentLatency.observe({ connector: connectorId }, (performance.now() - started) / 1000);
    const audit: CanonicalEvent = {
      kind: 'assignment-answered',
      dedupeKey: `assignment:${request.dedupeKey}`,
      occurredAt: request.occurredAt,
      sessionId: request.sessionId,
      clientUserId: request.clientUserId,
      agentIds: answer.agentIds,
      groupId: answer.groupId,
    };
    this.store(connectorId, [...events, audit], receivedAt).catch((error: unknown) =>
      this.logger.error(`${connectorId}: could not record an assign-agent answer: ${String(error)}`),
    );
    return { status: HttpStatus.OK, body };
  }

  private async store(
    connectorId: string,
    events: CanonicalEvent[],
    receivedAt: Date,
    replay?: ParsedWebhook['replay'],
  ): Promise<void> {
    if (events.length === 0) {
      return;
    }
    const receipt = replay && {
      connectorId,
      digest: replay.digest,
      // Kept twice the window: the signature's clock check allows ± the window around its time.
      expiresAt: new Date(receivedAt.getTime() + 2 * replay.windowMs),
    };
    const { inserted, duplicates, replayed } = await this.inbox.insertEvents(
      events.map((event) => ({
        connectorId,
        dedupeKey: event.dedupeKey,
        kind: event.kind,
        payload: JSON.stringify(event),
        receivedAt,
      })),
      receivedAt,
      receipt,
    );
    if (replayed) {
      this.metrics.webhooksRejected.inc({ connector: connectorId, reason: 'replay' });
      this.logger.warn(`${connectorId}: a signed delivery seen before was posted again; not stored`);
    }
    for (const event of events) {
      this.metrics.webhooksReceived.inc({ connector: connectorId, kind: event.kind });
    }
    if (duplicates > 0) {
      this.metrics.webhookDuplicates.inc({ connector: connectorId }, duplicates);
    }
    if (inserted > 0) {
      this.processor.wake();
    }
  }
}
