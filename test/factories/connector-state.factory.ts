import type { ConnectorStatePatch } from '@app/database/repositories/connector-state.repository';
import { sequence } from './sequence.factory';

export function connectorStateFactory(overrides: Partial<ConnectorStatePatch> = {}): ConnectorStatePatch {
  return {
    connectorId: `connector-${sequence()}`,
    health: 'healthy',
    consecutiveFailures: 0,
    lastSuccessAt: new Date('2025-01-01T00:00:00.000Z'),
    lastError: null,
    lastRunAt: new Date('2025-01-01T00:00:00.000Z'),
    nextRunAt: new Date('2025-01-01T00:05:00.000Z'),
    configHash: 'sha256:abc',
    backoffUntil: null,
    ...overrides,
  };
}
