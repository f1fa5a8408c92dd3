import type { PlatformCallObserver, TextRedactor } from '@app/platforms/http/platform-call.types';
import type { Sleep } from '@app/platforms/settle-unknown-creates';

/** What every adapter gets from the daemon besides its own connector config. */
export interface AdapterContext {
  redactor: TextRedactor;
  registerSecret: (value: string) => void;
  observer: PlatformCallObserver;
  /** Base of the retry backoff in ms (default 250); tests and benchmarks shorten it. */
  retryBackoffMs?: number;
  /** How adapters wait before reading back a create whose outcome is unknown; tests replace it. */
  sleep?: Sleep;
}
