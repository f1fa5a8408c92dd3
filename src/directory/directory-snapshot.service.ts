import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import type { Availability, OperatorRole, OperatorStatus } from '@app/core/operator.types';

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
 * webhooks find the operator behind a remote id. Rebuilt from the database after every run.
 */
@Injectable()
export class DirectorySnapshot implements OnApplicationBootstrap {
  private operators = new Map<string, OperatorState>();
  private keyByRemote = new Map<string, string>();

  constructor(
    private readonly links: OperatorLinkRepository,
    private readonly operatorRepository: OperatorRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const [rows, links] = await Promise.all([this.operatorRepository.findAll(), this.links.findAll()]);
    const operators = new Map<string, OperatorState>();
    for (const row of rows) {
      operators.set(row.key, {
        key: row.key,
        name: row.name,
        email: row.email ?? undefined,
        role: row.role,
        status: row.status,
        availability: row.availability,
        availabilityAt: row.availabilityAt?.getTime() ?? 0,
        links: new Map(),
      });
    }
    const keyByRemote = new Map<string, string>();
    for (const link of links) {
      operators.get(link.operatorKey)?.links.set(link.connectorId, {
        remoteId: link.remoteId,
        remoteAvailability: link.remoteAvailability,
      });
      keyByRemote.set(remoteKey(link.connectorId, link.remoteId), link.operatorKey);
    }
    this.operators = operators;
    this.keyByRemote = keyByRemote;
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
}
