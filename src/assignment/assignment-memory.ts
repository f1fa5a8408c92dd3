import { SessionLoad } from '@app/assignment/session-load';
import type { AssignmentChange } from '@app/database/repositories/assignment-state.repository';

const stickyKey = (connectorId: string, clientUserId: string): string =>
  `${connectorId}\u0000${clientUserId}`;

/**
 * What assign-agent answers are computed from, held in memory so no answer waits for I/O: the
 * session load per operator, the round-robin cursor per connector, the agent each customer had.
 */
export class AssignmentMemory {
  private load: SessionLoad;
  private readonly rotations = new Map<string, number>();
  // Insertion order is recency: the oldest entry goes first when the map is full.
  private readonly sticky = new Map<string, string>();

  constructor(
    private readonly windowMs: number,
    private readonly stickyLimit: number,
  ) {
    this.load = new SessionLoad(windowMs);
  }

  sessions(operatorKey: string, now: number): number {
    return this.load.count(operatorKey, now);
  }

  rotation(connectorId: string): number {
    return this.rotations.get(connectorId) ?? 0;
  }

  previous(connectorId: string, clientUserId: string): string | undefined {
    return this.sticky.get(stickyKey(connectorId, clientUserId));
  }

  /** Adds a change (ours, another replica's): sessions count, cursors only move forward. */
  apply(change: AssignmentChange): void {
    for (const session of change.sessions) {
      this.load.record(session.operatorKey, session.at);
    }
    for (const cursor of change.cursors) {
      this.rotations.set(cursor.connectorId, Math.max(this.rotation(cursor.connectorId), cursor.rotation));
    }
    for (const client of change.sticky) {
      const key = stickyKey(client.connectorId, client.clientUserId);
      this.sticky.delete(key);
      this.sticky.set(key, client.operatorKey);
      if (this.sticky.size > this.stickyLimit) {
        this.sticky.delete(this.sticky.keys().next().value as string);
      }
    }
  }

  /** Forgets sessions that left the window. */
  prune(now: number): void {
    this.load.prune(now);
  }

  /** Starts over from a state read from the database. */
  replace(state: AssignmentChange): void {
    this.load = new SessionLoad(this.windowMs);
    this.rotations.clear();
    this.sticky.clear();
    this.apply(state);
  }
}
