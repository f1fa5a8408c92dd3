import { countChanges } from '@app/runs/run-recorder.service';
import type { ChangeRecord } from '@app/runs/run.types';

const change = (action: ChangeRecord['action'], outcome: ChangeRecord['outcome']): ChangeRecord => ({
  operatorKey: 'anna',
  action,
  field: null,
  before: null,
  after: null,
  outcome,
  error: null,
  durationMs: null,
});

describe('countChanges', () => {
  it('should count writes as planned, findings apart, and each write by its outcome', () => {
    const changes = [
      change('create', 'applied'),
      change('update', 'applied'),
      change('update', 'failed'),
      change('delete', 'rejected'),
      change('link', 'unknown'),
      change('create', 'skipped'),
      change('report', 'planned'),
      change('report', 'planned'),
    ];

    expect(countChanges(changes)).toEqual({
      planned: 6,
      applied: 2,
      failed: 1,
      rejected: 1,
      unknown: 1,
      findings: 2,
    });
  });

  it('should count nothing for a run without changes', () => {
    expect(countChanges([])).toEqual({
      planned: 0,
      applied: 0,
      failed: 0,
      rejected: 0,
      unknown: 0,
      findings: 0,
    });
  });
});
