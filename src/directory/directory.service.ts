import { Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import type { DesiredOperator } from '@app/core/operator.types';
import type { RemoteOperator } from '@app/platforms/chat-platform.adapter';

/** Where the desired operators come from: the YAML roster, or one source connector's list. */
@Injectable()
export class DirectoryService implements OnModuleInit {
  private readonly logger = new Logger(DirectoryService.name);

  constructor(
    private readonly config: BridgeConfigService,
    private readonly operators: OperatorRepository,
  ) {}

  get sourceConnectorId(): string | undefined {
    const source = this.config.directory.source;
    return source === 'roster' ? undefined : source;
  }

  isSource(connectorId: string): boolean {
    return this.sourceConnectorId === connectorId;
  }

  async onModuleInit(): Promise<void> {
    await this.loadRoster();
  }

  /** Writes the roster into the operators table; people removed from the YAML become `deleted`. */
  async loadRoster(): Promise<void> {
    if (this.sourceConnectorId) {
      return;
    }
    const roster = this.config.directory.roster;
    await this.operators.upsertMany(
      roster.map((entry) => ({
        key: entry.key,
        name: entry.name,
        email: entry.email ?? null,
        role: entry.role,
        status: entry.status,
        origin: 'roster',
      })),
    );
    const removed = await this.operators.markMissing(
      'roster',
      roster.map((e) => e.key),
      'deleted',
    );
    this.logger.log(
      `roster loaded: ${roster.length} operators${removed.length ? `, ${removed.length} removed from the YAML marked deleted` : ''}`,
    );
  }

  async desired(): Promise<DesiredOperator[]> {
    const rows = await this.operators.findAll();
    return rows.map((row) => ({
      key: row.key,
      name: row.name,
      email: row.email ?? undefined,
      role: row.role,
      status: row.status,
    }));
  }

  /**
   * The source connector's list becomes the directory. Keys are stable: an existing link keeps its
   * operator, a new remote operator gets `<connector>-<remote id>`.
   */
  async importFromSource(
    connectorId: string,
    remote: RemoteOperator[],
    linkedKeyByRemoteId: Map<string, string>,
  ): Promise<Array<{ operatorKey: string; remote: RemoteOperator }>> {
    const imported = remote.map((r) => ({
      operatorKey: linkedKeyByRemoteId.get(r.remoteId) ?? `${connectorId}-${r.remoteId}`,
      remote: r,
    }));
    await this.operators.upsertMany(
      imported.map(({ operatorKey, remote: r }) => ({
        key: operatorKey,
        name: r.name,
        email: r.email ?? null,
        role: r.role ?? 'agent',
        status: r.status,
        origin: connectorId,
      })),
    );
    await this.operators.markMissing(
      connectorId,
      imported.map((i) => i.operatorKey),
      'deleted',
    );
    return imported;
  }
}
