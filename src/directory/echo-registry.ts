import type { Availability } from '@app/directory/operator.types';

const DEFAULT_TTL_MS = 60_000;

/**
 * chat-bridge's own recent availability writes. When the platform reports them back (webhook or
 * poll) they are echoes, not news, and must not travel on to the other platforms.
 */
export class EchoRegistry {
  private readonly writes = new Map<string, { availability: Availability; until: number }>();

  constructor(
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  remember(connectorId: string, remoteId: string, availability: Availability): void {
    this.writes.set(`${connectorId}\u0000${remoteId}`, { availability, until: this.now() + this.ttlMs });
  }

  /** True (and forgotten) when this observation is what we wrote there a moment ago. */
  isEcho(connectorId: string, remoteId: string, availability: Availability): boolean {
    const key = `${connectorId}\u0000${remoteId}`;
    const write = this.writes.get(key);
    if (!write || write.until < this.now()) {
      this.writes.delete(key);
      return false;
    }
    if (write.availability !== availability) {
      return false;
    }
    this.writes.delete(key);
    return true;
  }
}
