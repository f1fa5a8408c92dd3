import { Injectable, Logger } from '@nestjs/common';

import { AssignmentService } from '@app/assignment/assignment.service';
import { ConversationStateRepository } from '@app/database/repositories/conversation-state.repository';
import { AvailabilityService } from '@app/directory/availability.service';
import type { CanonicalEvent } from '@app/platforms/webhook.types';
import { ReconcileRequests } from '@app/webhooks/reconcile-requests';

/** Applies one stored event; throwing makes the processor retry it later. */
@Injectable()
export class EventApplier {
  private readonly logger = new Logger(EventApplier.name);

  constructor(
    private readonly assignment: AssignmentService,
    private readonly availability: AvailabilityService,
    private readonly conversations: ConversationStateRepository,
    private readonly reconcileRequests: ReconcileRequests,
  ) {}

  async apply(connectorId: string, event: CanonicalEvent): Promise<void> {
    switch (event.kind) {
      case 'availability': {
        const outcome = await this.availability.observe({
          connectorId,
          remoteId: event.remoteId,
          availability: event.availability,
          occurredAt: new Date(event.occurredAt),
          weak: event.weak,
        });
        this.logger.debug(`${connectorId}: ${event.remoteId} ${event.availability} → ${outcome}`);
        return;
      }
      case 'operator-changed':
        this.reconcileRequests.request(connectorId);
        return;
      case 'conversation': {
        const previous = await this.conversations.find(connectorId, event.conversationId);
        if (previous?.sourceUpdatedAt && previous.sourceUpdatedAt > new Date(event.occurredAt)) {
          return; // an older delivery arriving late never moves the state backwards
        }
        await this.conversations.upsert({
          connectorId,
          conversationId: event.conversationId,
          status: event.status,
          previousStatus:
            previous && previous.status !== event.status
              ? previous.status
              : (previous?.previousStatus ?? null),
          inboxId: event.inboxId ?? null,
          assigneeType: event.assigneeType ?? null,
          lastToggledAt: previous?.lastToggledAt ?? null,
          sourceUpdatedAt: new Date(event.occurredAt),
        });
        return;
      }
      case 'session':
        this.assignment.recordSession(connectorId, event.agentId, Date.parse(event.occurredAt));
        return;
      case 'chat-assigned':
        this.logger.warn(`${connectorId}: chat ${event.chatId} assigned to ${event.remoteId}`);
        return;
      case 'assignment-answered':
        return; // already answered in-line; stored for the audit trail
    }
  }
}
