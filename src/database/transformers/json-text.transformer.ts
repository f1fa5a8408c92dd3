import type { ValueTransformer } from 'typeorm';

/**
 * Stores any JSON value in a text column. Both databases then hold byte-identical text, and no
 * query ever needs a database-specific JSON operator. SQL NULL and JSON `null` both read back as null.
 */
export const jsonTextTransformer: ValueTransformer = {
  to: (value: unknown): string | null | undefined =>
    value === undefined ? undefined : value === null ? null : JSON.stringify(value),
  from: (value: string | null): unknown => (value === null ? null : JSON.parse(value)),
};
