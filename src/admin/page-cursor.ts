import type { HttpException } from '@nestjs/common';

import { apiException } from '@app/common/api-errors';

/** What a page of each list is ordered by: runs and events by id (newest first), operators by key. */
export type CursorKind = 'runs' | 'events' | 'operators';

// An operator key is at most 128 characters; the cursor is that, tagged and base64url-encoded.
const MAX_KEY_LENGTH = 128;
const MAX_RECORD_ID = 2_147_483_647;

const invalid = (): HttpException =>
  apiException('INVALID_CURSOR', 'cursor is not a nextCursor this list answered');

/**
 * An opaque position in a list: the client passes back the `nextCursor` it got, and nothing else
 * works. The kind is inside, so a cursor of one list is refused by another (400, not an empty page).
 */
export const encodeCursor = (kind: CursorKind, position: number | string): string =>
  Buffer.from(JSON.stringify([kind, position]), 'utf8').toString('base64url');

export function decodeCursor(kind: 'runs' | 'events', cursor: string): number;
export function decodeCursor(kind: 'operators', cursor: string): string;
export function decodeCursor(kind: CursorKind, cursor: string): number | string {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) {
    throw invalid();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || decoded[0] !== kind) {
    throw invalid();
  }
  const position: unknown = decoded[1];
  if (kind === 'operators') {
    if (typeof position !== 'string' || position.length === 0 || position.length > MAX_KEY_LENGTH) {
      throw invalid();
    }
    return position;
  }
  if (
    typeof position !== 'number' ||
    !Number.isInteger(position) ||
    position < 1 ||
    position > MAX_RECORD_ID
  ) {
    throw invalid();
  }
  return position;
}

/**
 * A page out of `limit + 1` rows: the extra row only says there is more, and the cursor points at
 * the last row kept.
 */
export const toPage = <T, V>(
  rows: readonly T[],
  limit: number,
  kind: CursorKind,
  positionOf: (row: T) => number | string,
  view: (row: T) => V,
): { items: V[]; nextCursor?: string } => {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return rows.length > limit && last !== undefined
    ? { items: kept.map(view), nextCursor: encodeCursor(kind, positionOf(last)) }
    : { items: kept.map(view) };
};
