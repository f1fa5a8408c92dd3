/**
 * Whatever the repositories write passes through this: run and change errors, before/after values,
 * event payloads and errors, connector errors. The admin API serves only what is stored, so one
 * boundary keeps secrets out of the database file and the API alike. Implemented by the config's
 * `SecretRedactor` (configured secrets plus tokens the adapters obtain at runtime).
 */
export interface PersistenceRedactor {
  redact(text: string): string;
  redactValue(value: unknown): unknown;
}

export const PERSISTENCE_REDACTOR = Symbol('PERSISTENCE_REDACTOR');

/** For a data source opened without a configuration (schema tools, repository tests). */
export const NOTHING_TO_REDACT: PersistenceRedactor = {
  redact: (text) => text,
  redactValue: (value) => value,
};

export const redactNullable = (
  redactor: PersistenceRedactor,
  text: string | null | undefined,
): string | null => (typeof text === 'string' ? redactor.redact(text) : null);
