import type { ValueTransformer } from 'typeorm';

/**
 * Stores a Date as an ISO-8601 UTC string (`2025-01-31T12:00:00.000Z`, always 24 characters) so that
 * SQLite and PostgreSQL hold the same text and plain string comparison sorts chronologically.
 * `undefined` passes through untouched so partial updates and upserts leave the column alone.
 */
export const isoDateTransformer: ValueTransformer = {
  to: (value: Date | null | undefined): string | null | undefined =>
    value === null || value === undefined ? value : toIso(value),
  from: (value: string | null): Date | null => (value === null ? null : new Date(value)),
};

/** The stored form of a timestamp, for hand-written comparisons in query builders. */
export function toIso(value: Date): string {
  if (Number.isNaN(value.getTime())) {
    throw new RangeError('Cannot store an invalid Date');
  }
  return value.toISOString();
}
