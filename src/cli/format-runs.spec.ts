import { formatRuns } from '@app/cli/format-runs';
import type { RunView } from '@app/reconcile/reconcile.types';

const run = (overrides: Partial<RunView>): RunView =>
  ({
    id: 7,
    connectorId: 'lhc',
    dryRun: true,
    outcome: 'ok',
    error: null,
    changes: [],
    ...overrides,
  }) as RunView;

describe(formatRuns.name, () => {
  it('should say nothing to change when a run succeeded without changes', () => {
    expect(formatRuns([run({})])).toBe('lhc: plan #7 ok\n  nothing to change');
  });

  it('should not say nothing to change when the run failed', () => {
    const text = formatRuns([run({ outcome: 'failed', error: 'TEMPORARY: ECONNREFUSED' })]);

    expect(text).toBe('lhc: plan #7 failed — TEMPORARY: ECONNREFUSED');
  });

  it('should print the --allow-deletes next step when the run is blocked', () => {
    const text = formatRuns([run({ outcome: 'blocked', error: '3 removals exceed 20%' })]);

    expect(text).toContain(
      'next: if these removals are meant, run chat-bridge sync --connector lhc --allow-deletes',
    );
  });
});
