import type { InboxEventEntity } from '@app/database/entities/inbox-event.entity';
import type { OperatorLinkEntity } from '@app/database/entities/operator-link.entity';
import type { OperatorEntity } from '@app/database/entities/operator.entity';

export const toOperatorView = (operator: OperatorEntity, links: OperatorLinkEntity[]) => ({
  key: operator.key,
  name: operator.name,
  email: operator.email,
  role: operator.role,
  status: operator.status,
  availability: operator.availability,
  availabilityAt: operator.availabilityAt?.toISOString() ?? null,
  availabilityConnectorId: operator.availabilityConnectorId,
  links: links.map((link) => ({
    connectorId: link.connectorId,
    remoteId: link.remoteId,
    name: link.remoteName,
    email: link.remoteEmail,
    status: link.remoteStatus,
    availability: link.remoteAvailability,
    seenAt: link.seenAt.toISOString(),
  })),
});

// The raw payload stays in the database: it may carry platform data the admin API need not echo.
export const toEventView = (event: InboxEventEntity) => ({
  id: event.id,
  connectorId: event.connectorId,
  dedupeKey: event.dedupeKey,
  kind: event.kind,
  state: event.state,
  attempts: event.attempts,
  receivedAt: event.receivedAt.toISOString(),
  nextAttemptAt: event.nextAttemptAt?.toISOString() ?? null,
  lastError: event.lastError,
});
