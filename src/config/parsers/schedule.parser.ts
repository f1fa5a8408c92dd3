import { CronTime } from 'cron';
import type { Schedule } from '@app/core/config.types';
import { parsed, rejected, type ParseResult } from '@app/config/parsers/parse-result';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** Polling faster than this hammers the platforms' rate limits for no benefit. */
export const MIN_INTERVAL_MS = 5 * UNIT_MS.s;
// Timers overflow past 2^31-1 ms (about 24.8 days) and would then fire immediately.
export const MAX_INTERVAL_MS = 24 * UNIT_MS.d;

const INVALID = 'must be a duration such as 30s, 5m or 1h, or a cron expression';

/** `30s`, `5m`, `1h` (units ms, s, m, h, d) → an interval; anything else must be a cron expression. */
export const parseSchedule = (raw: unknown): ParseResult<Schedule> => {
  if (raw === undefined) {
    return rejected('is required');
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    return rejected(INVALID);
  }
  const text = raw.trim();
  const duration = DURATION.exec(text);
  if (duration) {
    const ms = Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
    if (ms < MIN_INTERVAL_MS) {
      return rejected('must be at least 5s');
    }
    if (ms > MAX_INTERVAL_MS) {
      return rejected('must be at most 24d (use a cron expression for longer periods)');
    }
    return parsed({ kind: 'interval', ms, text });
  }
  if (/^\d+$/.test(text)) {
    return rejected('needs a unit: ms, s, m, h or d (for example 30s or 5m)');
  }
  try {
    new CronTime(text);
  } catch {
    return rejected('is neither a duration (30s, 5m, 1h) nor a valid cron expression');
  }
  return parsed({ kind: 'cron', expression: text });
};
