import type { DeletionThreshold } from '@app/core/config.types';
import { parsed, rejected, type ParseResult } from '@app/config/parsers/parse-result';

const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
const COUNT = /^\d+$/;
const INVALID = 'must be a percentage such as 20% (above 0%, at most 100%) or a whole number of operators';

/** `20%` → a share of the connector's linked operators; `5` (or `"5"`) → an absolute count. */
export const parseDeletionThreshold = (raw: unknown): ParseResult<DeletionThreshold> => {
  if (raw === undefined) {
    return rejected('is required');
  }
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw >= 0 ? parsed({ kind: 'count', value: raw }) : rejected(INVALID);
  }
  if (typeof raw !== 'string') {
    return rejected(INVALID);
  }
  const text = raw.trim();
  const percent = PERCENT.exec(text);
  if (percent) {
    const value = Number(percent[1]);
    return value > 0 && value <= 100 ? parsed({ kind: 'percent', value }) : rejected(INVALID);
  }
  return COUNT.test(text) ? parsed({ kind: 'count', value: Number(text) }) : rejected(INVALID);
};
