import type { BridgeConfig } from '@app/core/config.types';
import { collectSecrets } from '@app/config/collect-secrets';

export const REDACTED = '[REDACTED]';

// Shorter values would match inside ordinary words and numbers; they are still redacted by key.
const MIN_SUBSTRING_LENGTH = 4;
const SECRET_KEY = /passw(or)?d|token|secret|api[-_]?key|authorization|cookie/i;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes secrets from text and values before they reach logs, API responses or stored errors.
 * Knows the config's secrets from the start; adapters `register` the ones they obtain at runtime.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null | undefined;

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) {
      this.register(secret);
    }
  }

  static fromConfig(config: BridgeConfig): SecretRedactor {
    return new SecretRedactor(collectSecrets(config));
  }

  /** Adds a secret learned at runtime (e.g. a session token obtained at login). */
  register(value: string | null | undefined): void {
    if (typeof value === 'string' && value !== '' && !this.secrets.has(value)) {
      this.secrets.add(value);
      this.pattern = undefined;
    }
  }

  /** Replaces every known secret inside `text` with [REDACTED]. */
  redact(text: string): string {
    const pattern = this.buildPattern();
    return pattern ? text.replace(pattern, REDACTED) : text;
  }

  /**
   * Deep copy of `value` safe to log: values under secret-looking keys (password, token, secret,
   * apiKey, authorization) are replaced whole, and known secrets are cut out of every string.
   */
  redactValue(value: unknown): unknown {
    return this.copy(value, new Set<object>());
  }

  private copy(value: unknown, ancestors: Set<object>): unknown {
    if (typeof value === 'string') {
      return this.secrets.has(value) ? REDACTED : this.redact(value);
    }
    if (typeof value !== 'object' || value === null) {
      return value;
    }
    if (ancestors.has(value)) {
      return '[Circular]';
    }
    if (value instanceof Date) {
      return new Date(value.getTime());
    }
    ancestors.add(value);
    const copy = Array.isArray(value)
      ? value.map((item) => this.copy(item, ancestors))
      : this.copyEntries(value, ancestors);
    ancestors.delete(value);
    return copy;
  }

  private copyEntries(value: object, ancestors: Set<object>): Record<string, unknown> {
    // An Error's message, stack and cause are not enumerable but are what gets logged.
    const source =
      value instanceof Error
        ? {
            name: value.name,
            message: value.message,
            stack: value.stack,
            cause: value.cause,
            ...(value as object),
          }
        : value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      if (item === undefined && value instanceof Error) {
        continue;
      }
      const byKey = SECRET_KEY.test(key) && item !== null && item !== undefined && typeof item !== 'boolean';
      copy[key] = byKey ? REDACTED : this.copy(item, ancestors);
    }
    return copy;
  }

  private buildPattern(): RegExp | null {
    if (this.pattern === undefined) {
      const long = [...this.secrets].filter((secret) => secret.length >= MIN_SUBSTRING_LENGTH);
      // Longest first, so a secret that contains another is removed whole.
      long.sort((a, b) => b.length - a.length);
      this.pattern = long.length > 0 ? new RegExp(long.map(escapeRegExp).join('|'), 'g') : null;
    }
    return this.pattern;
  }
}
