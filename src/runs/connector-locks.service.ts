import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable, Logger } from '@nestjs/common';

import {
  ConnectorLockRepository,
  DEFAULT_LEASE_TTL_MS,
  describeHolder,
  type HeldLock,
} from '@app/database/repositories/connector-lock.repository';
import { ConnectorBusyError } from '@app/runs/run-errors';

export interface LockRequest {
  /** How long to wait for a busy connector; 0 answers at once. */
  waitMs: number;
  /** Who asks, as the one who finds it busy will read it (`daemon`, `sync (CLI)`). */
  holder: string;
}

const POLL_MS = 250;

interface HeldEntry {
  holder: string;
  /** Resolves once the lock is taken; rejects when it could not be. */
  ready: Promise<HeldLock>;
  joined: Set<Promise<unknown>>;
  /** Resolves when this process no longer holds or wants the lock. */
  released: Promise<void>;
}

const settlesWithin = async (promise: Promise<void>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The only guard against overlapping writes to one connector, whoever writes: a run, a CLI
 * `sync`, another replica. Within the process that holds a connector's lock, short writes from
 * events (an availability push, a conversation toggle, a chat hand-back) join it instead of
 * waiting behind a long sync: the lock keeps every other process out, and the connector's HTTP
 * client paces all its calls through one queue.
 */
@Injectable()
export class ConnectorLocks {
  private readonly logger = new Logger(ConnectorLocks.name);
  /** This process, in the `owner` of every run it opens. */
  readonly processToken = randomUUID();
  /**
   * Locks this process holds or is taking (set before the first await, so two callers in one
   * process never both go to the database), with the writes that joined them.
   */
  private readonly held = new Map<string, HeldEntry>();

  constructor(private readonly locks: ConnectorLockRepository) {}

  /** Runs `work` holding the connector alone (a reconcile run); ConnectorBusyError after `waitMs`. */
  async exclusive<T>(connectorId: string, request: LockRequest, work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + request.waitMs;
    for (
      let current = this.held.get(connectorId);
      current !== undefined;
      current = this.held.get(connectorId)
    ) {
      // Held here (a run, or a short write): wait for it to end, within the caller's patience.
      const left = deadline - Date.now();
      if (left <= 0 || !(await settlesWithin(current.released, left))) {
        throw new ConnectorBusyError(connectorId, current.holder);
      }
    }
    return this.holding(connectorId, { ...request, waitMs: Math.max(0, deadline - Date.now()) }, work);
  }

  /** Runs `work` under the connector's lock, joining this process's holder when there is one. */
  async shared<T>(connectorId: string, request: LockRequest, work: () => Promise<T>): Promise<T> {
    const current = this.held.get(connectorId);
    if (current === undefined) {
      return this.holding(connectorId, request, work);
    }
    try {
      await current.ready;
    } catch {
      return this.shared(connectorId, request, work); // its holder could not take it: try ourselves
    }
    const joined = work();
    current.joined.add(joined);
    try {
      return await joined;
    } finally {
      current.joined.delete(joined);
    }
  }

  private async holding<T>(connectorId: string, request: LockRequest, work: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const entry: HeldEntry = {
      holder: describeHolder(request.holder),
      ready: this.acquire(connectorId, request),
      joined: new Set<Promise<unknown>>(),
      released: new Promise<void>((resolve) => (release = resolve)),
    };
    this.held.set(connectorId, entry);
    let lock: HeldLock;
    try {
      lock = await entry.ready;
    } catch (error) {
      this.held.delete(connectorId);
      release();
      throw error;
    }
    const heartbeat = setInterval(() => void this.renew(lock), DEFAULT_LEASE_TTL_MS / 3);
    heartbeat.unref();
    try {
      return await work();
    } finally {
      // Writes that joined finish under the lock before it goes.
      while (entry.joined.size > 0) {
        await Promise.allSettled([...entry.joined]);
      }
      clearInterval(heartbeat);
      this.held.delete(connectorId);
      try {
        await lock.release();
      } finally {
        release();
      }
    }
  }

  private async acquire(connectorId: string, request: LockRequest): Promise<HeldLock> {
    const deadline = Date.now() + request.waitMs;
    for (;;) {
      const attempt = await this.locks.tryAcquire(connectorId, { holder: request.holder });
      if (attempt.acquired) {
        return attempt.lock;
      }
      if (Date.now() >= deadline) {
        throw new ConnectorBusyError(connectorId, attempt.holder);
      }
      await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
    }
  }

  private async renew(lock: HeldLock): Promise<void> {
    try {
      if (!(await lock.renew())) {
        this.logger.error(`${lock.connectorId}: its lock expired and was taken by another holder`);
      }
    } catch (error) {
      this.logger.warn(`${lock.connectorId}: could not renew its lock: ${String(error)}`);
    }
  }
}
