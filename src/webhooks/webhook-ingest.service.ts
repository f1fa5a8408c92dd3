import { performance } from 'node:perf_hooks';

import { HttpStatus, Injectable, Logger } from '@nestjs/common';

import { AssignmentService } from '@app/assignment/assignment.service';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { MetricsService } from '@app/metrics/metrics.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import { type CanonicalEvent, WebhookBodyError, type WebhookRequest } from '@app/platforms/webhook.types';
import { InboxProcessor } from '@app/webhooks/inbox-processor.service';

export interface WebhookReply {
  status: number;
  body: unknown;
}

const reject = (status: number, code: string, message: string): WebhookReply => ({
  status,
  body: { error: { code, message } },
});

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
  ) {}

  async receive(connectorId: string, request: WebhookRequest): Promise<WebhookReply> {
    const started = performance.now();
    const adapter = this.adapters.get(connectorId);
    const webhooks = adapter?.webhooks;
    if (!adapter || !webhooks || !this.config.findConnector(connectorId)?.enabled) {
      this.metrics.webhooksRejected.inc({ connector: 'unknown', reason: 'unknown_connector' });
      return reject(
        HttpStatus.NOT_FOUND,
        'CONNECTOR_NOT_FOUND',
        'no enabled connector with webhooks has this id',
      );
    }
    const verification = webhooks.verify(request);
    if (!verification.ok) {
      this.metrics.webhooksRejected.inc({ connector: connectorId, reason: 'signature' });
      this.logger.warn(`${connectorId}: webhook refused: ${verification.reason}`);
      return reject(HttpStatus.UNAUTHORIZED, 'WEBHOOK_UNAUTHORIZED', 'the webhook failed verification');
    }
    let parsed;
    try {
      parsed = webhooks.parse(request);
    } catch (error) {
      if (!(error instanceof WebhookBodyError)) {
        throw error;
      }
      this.metrics.webhooksRejected.inc({ connector: connectorId, reason: 'body' });
      this.logger.warn(`${connectorId}: malformed webhook body: ${error.message}`);
      return reject(HttpStatus.BAD_REQUEST, 'WEBHOOK_MALFORMED', error.message);
    }
    const events: CanonicalEvent[] = [...parsed.events];
    let body = webhooks.acknowledgement?.() ?? { ok: true };
    if (parsed.assignment) {
      const answer = this.assignment.answer(connectorId, parsed.assignment);
      body = webhooks.answerAssignment?.(answer) ?? answer;
      // The answer goes to the inbox too: the audit trail of who was offered which session.
      events.push({
        kind: 'assignment-answered',
        dedupeKey: `assignment:${parsed.assignment.dedupeKey}`,
        occurredAt: parsed.assignment.occurredAt,
        sessionId: parsed.assignment.sessionId,
        clientUserId: parsed.assignment.clientUserId,
        agentIds: answer.agentIds,
        groupId: answer.groupId,
      });
    }
    await this.store(connectorId, events, request.receivedAt);
    if (parsed.assignment) {
      this.metrics.assignmentLatency.observe(
        { connector: connectorId },
        (performance.now() - started) / 1000,
      );
    }
    return { status: HttpStatus.OK, body };
  }

  private async store(connectorId: string, events: CanonicalEvent[], receivedAt: Date): Promise<void> {
    if (events.length === 0) {
      return;
    }
    const { inserted, duplicates } = await this.inbox.insertEvents(
      events.map((event) => ({
        connectorId,
        dedupeKey: event.dedupeKey,
        kind: event.kind,
        payload: JSON.stringify(event),
        receivedAt,
      })),
    );
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
