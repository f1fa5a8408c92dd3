import { parsed, rejected, type ParseResult } from '@app/config/parsers/parse-result';

// Binary units, as Express's body parsers read them (1kb = 1024 bytes).
const UNIT_BYTES = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;
const INVALID = 'must be a number of bytes or a size such as 512kb or 1mb';

export const DEFAULT_BODY_LIMIT = UNIT_BYTES.mb;

/** `1048576`, `512kb`, `1mb` → a positive whole number of bytes. */
export const parseByteSize = (raw: unknown): ParseResult<number> => {
  if (raw === undefined) {
    return rejected('is required');
  }
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw > 0 ? parsed(raw) : rejected(INVALID);
  }
  const size = typeof raw === 'string' ? SIZE.exec(raw.trim()) : null;
  if (!size) {
    return rejected(INVALID);
  }
  const unit = (size[2]?.toLowerCase() ?? 'b') as keyof typeof UNIT_BYTES;
  const bytes = Math.floor(Number(size[1]) * UNIT_BYTES[unit]);
  return bytes > 0 ? parsed(bytes) : rejected(INVALID);
};
