import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

import { AssignmentMemory } from '@app/assignment/assignment-memory';
import { ChangeListener } from '@app/database/change-listener';
import {
  type AssignmentChange,
  type AssignmentSession,
  AssignmentStateRepository,
  decodeAssignmentChange,
} from '@app/database/repositories/assignment-state.repository';
import { ReloadQueue } from '@app/directory/reload-queue';

const LOAD_WINDOW_MS = 60 * 60 * 1000;
const STICKY_MEMORY = 10_000;
const STICKY_KEPT_MS = 30 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

const nothing = (): AssignmentChange => ({ sessions: [], cursors: [], sticky: [] });
const isEmpty = (change: AssignmentChange): boolean =>
  change.sessions.length + change.cursors.length + change.sticky.length === 0;

/**
 * The assignment state every replica answers from. Answers read it from memory; what they add is
 * written to the database right after the answer has gone (write-behind, batched) and announced,
 * and every replica adds what the others announce. So least-busy counts every replica's sessions
 * and round-robin and sticky continue where the last answer left off, whichever replica gave it:
 * a few milliseconds after that answer, not before (two answers at the same instant on two
 * replicas may coincide). A batch that cannot be written is logged and dropped: the answers go
 * on from memory, and a reload later gives every replica the stored state again.
 */
@Injectable()
export class AssignmentStateService implements BeforeApplicationShutdown, OnApplicationBootstrap {
  private readonly logger = new Logger(AssignmentStateService.name);
  private readonly memory = new AssignmentMemory(LOAD_WINDOW_MS, STICKY_MEMORY);
  private readonly reloads = new ReloadQueue(() => this.reload());
  private pending = nothing();
  /** The change counter the memory was last loaded as of; notices up to it are in there. */
  private loadedVersion = 0;
  /** Notices that arrived while a reload was reading: the load may or may not hold them. */
  private duringReload?: Array<{ version: number; change: AssignmentChange }>;
  private flushing?: Promise<void>;
  private prunedAt = 0;

  constructor(
    private readonly changes: ChangeListener,
    private readonly repository: AssignmentStateRepository,
  ) {
    changes.subscribe({
      topic: 'assignment',
      onChange: (notice) => {
        const change = decodeAssignmentChange(notice.data);
        if (change === null) {
          this.reloadInBackground();
        } else if (notice.origin !== this.changes.replicaId) {
          this.receive(notice.version, change);
        }
      },
      onResync: () => this.reloadInBackground(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reloads.request('all');
  }

  // Before the data source closes (TypeORM closes it in onApplicationShutdown).
  async beforeApplicationShutdown(): Promise<void> {
    await this.flushed();
  }

  sessions(operatorKey: string, now: number): number {
    return this.memory.sessions(operatorKey, now);
  }

  rotation(connectorId: string): number {
    return this.memory.rotation(connectorId);
  }

  previous(connectorId: string, clientUserId: string): string | undefined {
    return this.memory.previous(connectorId, clientUserId);
  }

  /** What an answer adds: counted here at once, stored and announced right after the answer. */
  recordAnswer(change: AssignmentChange): void {
    if (isEmpty(change)) {
      return;
    }
    this.memory.apply(change);
    this.pending.sessions.push(...change.sessions);
    this.pending.cursors.push(...change.cursors);
    this.pending.sticky.push(...change.sticky);
    this.flushSoon();
  }

  /**
   * A session a Desk event reported: stored and announced first, counted here after, so an event
   * that fails is retried without having counted.
   */
  async recordSession(session: AssignmentSession): Promise<void> {
    const change = { ...nothing(), sessions: [session] };
    await this.repository.save(change);
    this.memory.apply(change);
  }

  /** Resolves when everything recorded so far is stored. */
  async flushed(): Promise<void> {
    while (this.flushing !== undefined) {
      await this.flushing;
    }
  }

  private flushSoon(): void {
    if (this.flushing === undefined) {
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (!isEmpty(this.pending)) {
          this.flushSoon();
        }
      });
    }
  }

  private async flush(): Promise<void> {
    // The answer that queued this is written to its socket first.
    await new Promise((resolve) => setImmediate(resolve));
    while (!isEmpty(this.pending)) {
      const batch = this.pending;
      this.pending = nothing();
      try {
        await this.repository.save(batch);
      } catch (error) {
        this.logger.warn(`assignment state not stored (${batch.sessions.length} sessions): ${String(error)}`);
      }
    }
    await this.pruneNowAndThen();
  }

  private async pruneNowAndThen(now = Date.now()): Promise<void> {
    if (now - this.prunedAt < PRUNE_EVERY_MS) {
      return;
    }
    this.prunedAt = now;
    this.memory.prune(now);
    try {
      await this.repository.prune({
        sessionsBefore: new Date(now - LOAD_WINDOW_MS),
        stickyBefore: new Date(now - STICKY_KEPT_MS),
      });
    } catch (error) {
      this.logger.warn(`could not prune the assignment state: ${String(error)}`);
    }
  }

  private reloadInBackground(): void {
    this.reloads.request('all').catch((error: unknown) => {
      this.logger.warn(
        `assignment state reload failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  // Sessions add up, so a change must count once: not from a notice and again from a load.
  private receive(version: number, change: AssignmentChange): void {
    this.duringReload?.push({ version, change });
    if (version > this.loadedVersion) {
      this.memory.apply(change);
    }
  }

  private async reload(): Promise<void> {
    this.duringReload = [];
    try {
      const state = await this.repository.load({
        since: new Date(Date.now() - LOAD_WINDOW_MS),
        stickyLimit: STICKY_MEMORY,
      });
      this.memory.replace(state);
      this.loadedVersion = state.version;
      for (const { version, change } of this.duringReload) {
        if (version > state.version) {
          this.memory.apply(change);
        }
      }
      // Recorded here but not stored yet: still ours to count.
      this.memory.apply(this.pending);
    } finally {
      this.duringReload = undefined;
    }
  }
}
