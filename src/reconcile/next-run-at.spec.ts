import { nextRunAt } from '@app/reconcile/next-run-at';

describe(nextRunAt.name, () => {
  const now = new Date('2026-11-24T10:00:00.000Z');

  it('should stay within ±10 % of the interval when the schedule is a duration', () => {
    const schedule = { kind: 'interval', ms: 60_000, text: '1m' } as const;
    expect(nextRunAt(schedule, now, () => 0).getTime() - now.getTime()).toBe(54_000);
    expect(nextRunAt(schedule, now, () => 1).getTime() - now.getTime()).toBe(66_000);
  });

  it('should follow the next cron tick plus at most 5 s when the schedule is cron', () => {
    const schedule = { kind: 'cron', expression: '*/15 * * * *' } as const;
    expect(nextRunAt(schedule, now, () => 0).toISOString()).toBe('2026-11-24T10:15:00.000Z');
    expect(nextRunAt(schedule, now, () => 1).toISOString()).toBe('2026-11-24T10:15:05.000Z');
  });
});
