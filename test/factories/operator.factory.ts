import type { OperatorLinkUpsert } from '@app/database/repositories/operator-link.repository';
import type { OperatorUpsert } from '@app/database/repositories/operator.repository';
import { sequence } from './sequence.factory';

export function operatorFactory(overrides: Partial<OperatorUpsert> = {}): OperatorUpsert {
  const n = sequence();
  return {
    key: `operator-${n}`,
    name: `Operator ${n}`,
    email: `operator-${n}@example.com`,
    role: 'agent',
    status: 'active',
    origin: 'roster',
    ...overrides,
  };
}

export function operatorLinkFactory(
  overrides: Partial<OperatorLinkUpsert> & Pick<OperatorLinkUpsert, 'operatorKey'>,
): OperatorLinkUpsert {
  const n = sequence();
  return {
    connectorId: 'lhc',
    remoteId: `remote-${n}`,
    remoteName: `Remote ${n}`,
    remoteEmail: `remote-${n}@example.com`,
    remoteStatus: 'active',
    remoteAvailability: 'online',
    seenAt: new Date('2025-01-01T00:00:00.000Z'),
    ...overrides,
  };
}
