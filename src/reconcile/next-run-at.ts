import { CronTime } from 'cron';

import type { Schedule } from '@app/core/config.types';

const CRON_JITTER_MS = 5_000;

/**
 * When a connector runs next: an interval ±10 % or the cron's next tick plus up to 5 s, so replicas
 * and connectors on the same schedule do not hit platforms in lockstep.
 */
export const nextRunAt = (schedule: Schedule, now: Date, random: () => number = Math.random): Date => {
  if (schedule.kind === 'interval') {
    const jitter = schedule.ms * 0.1 * (random() * 2 - 1);
    return new Date(now.getTime() + schedule.ms + jitter);
  }
  const next = new CronTime(schedule.expression).getNextDateFrom(now).toJSDate();
  return new Date(next.getTime() + random() * CRON_JITTER_MS);
};
