import type { Availability } from '@app/core/operator.types';

const DEFAULT_TTL_MS = 60_000;

interface Write {
  availability: Availability;
  until: number;
}

/**
 * chat-bridge's own recent availability writes. When the platform reports them back (webhook or
 * poll) they are echoes, not news, and must not travel on to the other platforms. Every recent
 * write is kept, not just the last: a late echo of an older write is still an echo.
 */
export class EchoRegistry {
  private readonly writes = new Map<string, Write[]>();

  constructor(
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  remember(connectorId: string, remoteId: string, availability: Availability): void {
    const key = `${connectorId}\u0000${remoteId}`;
    this.writes.set(key, [...this.live(key), { availability, until: this.now() + this.ttlMs }]);
  }

  /** True (and that write forgotten) when the observation is one of our recent writes. */
  isEcho(connectorId: string, remoteId: string, availability: Availability): boolean {
    const key = `${connectorId}\u0000${remoteId}`;
    const writes = this.live(key);
    const index = writes.findIndex((w) => w.availability === availability);
    if (index >= 0) {
      writes.splice(index, 1);
    }
    if (writes.length === 0) {
      this.writes.delete(key);
    } else {
      this.writes.set(key, writes);
    }
    return index >= 0;
  }

  private live(key: string): Write[] {
    const now = this.now();
    return (this.writes.get(key) ?? []).filter((w) => w.until >= now);
  }
}
