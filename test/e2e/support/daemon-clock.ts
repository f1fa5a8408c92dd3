import type { AdminClient } from './admin-client';

const times = (values: Array<string | null | undefined>): number[] =>
  values.filter((value): value is string => typeof value === 'string').map((value) => Date.parse(value));

/**
 * A time (epoch ms) for the test's own platform events that is later than everything the daemon
 * has recorded so far: its runs (a run's availability poll stamps what it reads with the time it
 * read it) and every operator's availability. Events stamped before it would rightly lose to those
 * readings ("latest observation wins"), however long the daemon took to start. Call it once the
 * daemon's start-up work has finished.
 */
export const afterDaemonRecords = async (admin: AdminClient): Promise<number> => {
  const [runs, operators] = await Promise.all([
    admin.get<{ items: Array<{ startedAt: string; finishedAt: string | null }> }>('/api/runs?limit=1000'),
    admin.get<{ items: Array<{ availabilityAt: string | null }> }>('/api/operators'),
  ]);
  if (runs.status !== 200 || operators.status !== 200) {
    throw new Error(
      `admin API answered ${runs.status} / ${operators.status} while reading the daemon's times`,
    );
  }
  const recorded = [
    ...times(runs.body.items.flatMap((run) => [run.startedAt, run.finishedAt])),
    ...times(operators.body.items.map((operator) => operator.availabilityAt)),
  ];
  return Math.max(Date.now(), ...recorded) + 1;
};
