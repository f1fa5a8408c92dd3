import type { RunChangeRecord, StartRunParams } from '@app/database/repositories/run.repository';
import { sequence } from './sequence.factory';

export function startRunFactory(overrides: Partial<StartRunParams> = {}): StartRunParams {
  return { connectorId: 'lhc', trigger: 'schedule', dryRun: false, ...overrides };
}

export function runChangeFactory(overrides: Partial<RunChangeRecord> = {}): RunChangeRecord {
  const n = sequence();
  return {
    operatorKey: `operator-${n}`,
    action: 'update',
    field: 'name',
    before: `Old ${n}`,
    after: `New ${n}`,
    outcome: 'applied',
    error: null,
    durationMs: 12,
    ...overrides,
  };
}
