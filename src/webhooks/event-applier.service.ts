import { Injectable, Logger } from '@nestjs/common';

import { AssignmentService } from '@app/assignment/assignment.service';
import { ConversationNormalizer } from '@app/conversations/conversation-normalizer.service';
import { AvailabilityService } from '@app/directory/availability.service';
import type { CanonicalEvent } from '@app/platforms/webhook.types';
import { ChatGuard } from '@app/webhooks/chat-guard.service';
import { ReconcileRequests } from '@app/webhooks/reconcile-requests';

/** Applies one stored event; throwing makes the processor retry it later. */
@Injectable()
export class EventApplier {
  private readonly logger = new Logger(EventApplier.name);

  constructor(
    private readonly assignment: AssignmentService,
    private readonly availability: AvailabilityService,
    private readonly chats: ChatGuard,
    private readonly conversations: ConversationNormalizer,
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
      case 'conversation':
        await this.conversations.onEvent(connectorId, event);
        return;
      case 'session':
        await this.assignment.recordSession(connectorId, event.agentId, Date.parse(event.occurredAt));
        return;
      case 'chat-assigned':
        await this.chats.onAssigned(connectorId, event.chatId, event.remoteId);
        return;
      case 'assignment-answered':
        return; // already answered in-line; stored for the audit trail
    }
  }
}
