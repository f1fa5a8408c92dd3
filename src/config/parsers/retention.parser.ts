import type { Retention } from '@app/core/config.types';
import { parsed, rejected, type ParseResult } from '@app/config/parsers/parse-result';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(m|h|d)$/;

const MIN_MS = UNIT_MS.h;
const MAX_MS = 3650 * UNIT_MS.d;
const INVALID = 'must be a duration such as 30d, 12h or 90m, from 1h to 3650d';

export const DEFAULT_RETENTION: Retention = Object.freeze({ ms: 30 * UNIT_MS.d, text: '30d' });

/** `30d`, `12h`, `90m` → how long rows are kept (1 hour to 10 years). */
export const parseRetention = (raw: unknown): ParseResult<Retention> => {
  if (raw === undefined) {
    return rejected('is required');
  }
  const text = typeof raw === 'string' ? raw.trim() : '';
  const duration = DURATION.exec(text);
  if (!duration) {
    return rejected(INVALID);
  }
  const ms = Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  return ms >= MIN_MS && ms <= MAX_MS ? parsed({ ms, text }) : rejected(INVALID);
};
