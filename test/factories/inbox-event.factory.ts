import type { NewInboxEvent } from '@app/database/repositories/inbox.repository';
import { sequence } from './sequence.factory';

export function inboxEventFactory(overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
  const n = sequence();
  const kind = overrides.kind ?? 'availability';
  return {
    connectorId: 'chatwoot',
    dedupeKey: `delivery-${n}`,
    kind,
    payload: JSON.stringify({ kind, operatorKey: `operator-${n}`, availability: 'busy' }),
    receivedAt: new Date('2025-01-01T00:00:00.000Z'),
    ...overrides,
  };
}
