import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

import { ChangeListener } from '@app/database/change-listener';
import type { DirectoryChange } from '@app/database/change-feed.types';
import type { OperatorEntity } from '@app/database/entities/operator.entity';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import type { Availability, OperatorRole, OperatorStatus } from '@app/core/operator.types';
import { ReloadQueue } from '@app/directory/reload-queue';

export interface LinkState {
  remoteId: string;
  remoteAvailability: Availability | null;
}

export interface OperatorState {
  key: string;
  name: string;
  email?: string;
  role: OperatorRole;
  status: OperatorStatus;
  availability: Availability | null;
  availabilityAt: number;
  links: Map<string, LinkState>;
}

const remoteKey = (connectorId: string, remoteId: string): string => `${connectorId}\u0000${remoteId}`;

/**
 * The directory in memory: what the assign-agent callback reads (no I/O on that path) and where
 * webhooks find the operator behind a remote id. An index of the database, not a second truth:
 * loaded at start, then reloaded, operator by operator, whenever a replica (this one, another, or
 * the CLI) announces a change (ChangeListener), and wholly after a run or when changes may have
 * been missed. Reloads run one
 * at a time, each reading after the previous one applied, so the view never moves backwards.
 */
@Injectable()
export class DirectorySnapshot implements OnApplicationBootstrap {
  private readonly logger = new Logger(DirectorySnapshot.name);
  // Entries are updated in place: a caller holding an OperatorState sees it change.
  private readonly operators = new Map<string, OperatorState>();
  private readonly keyByRemote = new Map<string, string>();
  private readonly reloads: ReloadQueue;

  constructor(
    private readonly changes: ChangeListener,
    private readonly links: OperatorLinkRepository,
    private readonly operatorRepository: OperatorRepository,
  ) {
    this.reloads = new ReloadQueue((keys) => this.load(keys));
    changes.subscribe({
      topic: 'directory',
      // Our own changes too: a reload that read before our write may land after our mirror of it.
      onChange: (notice) => {
        const { keys } = (notice.data ?? {}) as Partial<DirectoryChange>;
        this.inBackground(Array.isArray(keys) ? keys : 'all');
      },
      onResync: () => this.inBackground('all'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
  }

  /**
   * Other processes (replicas, the CLI) write the same database and this view hears of it a few ms
   * later: a decision to write somewhere must then start from the database, not from the view.
   */
  get shared(): boolean {
    return this.changes.enabled;
  }

  /** Everything again, from the database. */
  refresh(): Promise<void> {
    return this.reloads.request('all');
  }

  /** One operator again, from the database: its state as stored now, or undefined if none. */
  async reload(key: string): Promise<OperatorState | undefined> {
    await this.reloads.request([key]);
    return this.operators.get(key);
  }

  all(): IterableIterator<OperatorState> {
    return this.operators.values();
  }

  get(key: string): OperatorState | undefined {
    return this.operators.get(key);
  }

  findByRemote(connectorId: string, remoteId: string): OperatorState | undefined {
    const key = this.keyByRemote.get(remoteKey(connectorId, remoteId));
    return key === undefined ? undefined : this.operators.get(key);
  }

  /**
   * Like findByRemote, but a remote id the view does not know yet is looked up in the database: a
   * link another replica made a moment ago must not make its operator's events look like strangers'.
   */
  async resolveRemote(connectorId: string, remoteId: string): Promise<OperatorState | undefined> {
    const known = this.findByRemote(connectorId, remoteId);
    if (known) {
      return known;
    }
    const key = await this.links.findOperatorKey(connectorId, remoteId);
    return key === undefined ? undefined : this.reload(key);
  }

  /** Mirrors a stored observation; older ones never move the state backwards. */
  setAvailability(key: string, availability: Availability, at: number): void {
    const operator = this.operators.get(key);
    if (operator && at > operator.availabilityAt) {
      operator.availability = availability;
      operator.availabilityAt = at;
    }
  }

  setRemoteAvailability(key: string, connectorId: string, availability: Availability): void {
    const link = this.operators.get(key)?.links.get(connectorId);
    if (link) {
      link.remoteAvailability = availability;
    }
  }

  private inBackground(keys: readonly string[] | 'all'): void {
    this.reloads.request(keys).catch((error: unknown) => {
      // The next change or resync reloads again; until then the view lags.
      this.logger.warn(`directory reload failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async load(keys: readonly string[] | 'all'): Promise<void> {
    const rows =
      keys === 'all'
        ? await this.operatorRepository.findAll({ withLinks: true })
        : await this.operatorRepository.findByKeys(keys);
    const found = new Set(rows.map((row) => row.key));
    for (const row of rows) {
      this.apply(row);
    }
    const gone = keys === 'all' ? [...this.operators.keys()] : keys;
    for (const key of gone.filter((k) => !found.has(k))) {
      this.forget(key);
    }
  }

  private apply(row: OperatorEntity): void {
    const state = this.operators.get(row.key) ?? { key: row.key, links: new Map<string, LinkState>() };
    this.unindexLinks(state as OperatorState);
    // A new Map rather than clearing the old one: someone may be iterating over it.
    const links = new Map<string, LinkState>();
    for (const link of row.links ?? []) {
      links.set(link.connectorId, { remoteId: link.remoteId, remoteAvailability: link.remoteAvailability });
      this.keyByRemote.set(remoteKey(link.connectorId, link.remoteId), row.key);
    }
    Object.assign(state, {
      name: row.name,
      email: row.email ?? undefined,
      role: row.role,
      status: row.status,
      availability: row.availability,
      availabilityAt: row.availabilityAt?.getTime() ?? 0,
      links,
    });
    this.operators.set(row.key, state as OperatorState);
  }

  private forget(key: string): void {
    const state = this.operators.get(key);
    if (state) {
      this.unindexLinks(state);
      this.operators.delete(key);
    }
  }

  private unindexLinks(state: OperatorState): void {
    for (const [connectorId, link] of state.links) {
      const indexed = remoteKey(connectorId, link.remoteId);
      if (this.keyByRemote.get(indexed) === state.key) {
        this.keyByRemote.delete(indexed);
      }
    }
  }
}
