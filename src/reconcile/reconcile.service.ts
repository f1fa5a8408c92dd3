import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable, Logger } from '@nestjs/common';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { OperatorLinkEntity } from '@app/database/entities/operator-link.entity';
import { RunRepository } from '@app/database/repositories/run.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { DirectoryService } from '@app/directory/directory.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import type { ChatPlatformAdapter, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { planOperatorChanges } from '@app/reconcile/plan-operator-changes';
import { withoutIgnored } from '@app/reconcile/ignored-accounts';
import { applyPlan } from '@app/reconcile/plan-applier';
import type { ReconcileRequest, RunView } from '@app/reconcile/reconcile.types';
import { findingRecords, plannedRecords } from '@app/reconcile/run.mapper';
import { planLinkSnapshots } from '@app/reconcile/link-snapshots';
import { PlatformUpkeep } from '@app/reconcile/platform-upkeep.service';
import { allowDeletesRecord, scopePlanToOperator, scopeRecord } from '@app/reconcile/run-scope';
import { ConnectorDisabledError, ConnectorNotFoundError } from '@app/runs/run-errors';
import { RunRecorder, type RunResult } from '@app/runs/run-recorder.service';
import type { DesiredOperator } from '@app/core/operator.types';

/**
 * One reconciliation of one connector: desired → remote → plan → guard → apply → upkeep. The run
 * itself (lock, audit row, health, metrics) is the RunRecorder's; this decides what to write.
 */
@Injectable()
export class ReconcileService {
  private readonly logger = new Logger(ReconcileService.name);

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly config: BridgeConfigService,
    private readonly directory: DirectoryService,
    private readonly links: OperatorLinkRepository,
    private readonly recorder: RunRecorder,
    private readonly runs: RunRepository,
    private readonly snapshot: DirectorySnapshot,
    private readonly upkeep: PlatformUpkeep,
  ) {}

  /** ConnectorNotFoundError for an unknown connector; ConnectorBusyError when its lock stays held. */
  async reconcile(request: ReconcileRequest): Promise<RunView> {
    const adapter = this.adapters.get(request.connectorId);
    if (!adapter) {
      throw new ConnectorNotFoundError(request.connectorId);
    }
    if (!this.config.connector(adapter.connectorId).enabled) {
      throw new ConnectorDisabledError(adapter.connectorId);
    }
    const dryRun = request.dryRun ?? false;
    return this.recorder.record(
      {
        connectorId: adapter.connectorId,
        kind: 'reconcile',
        trigger: request.trigger,
        dryRun,
        waitMs: request.waitMs,
        holder: request.holder,
      },
      () => this.run(adapter, request, dryRun),
    );
  }

  private async run(
    adapter: ChatPlatformAdapter,
    request: ReconcileRequest,
    dryRun: boolean,
  ): Promise<RunResult> {
    if (!dryRun) {
      await this.settleFirst(adapter.connectorId);
    }
    const links = await this.links.findByConnector(adapter.connectorId);
    const isSource = this.directory.isSource(adapter.connectorId);
    const desired = isSource ? [] : await this.directory.desired();
    const listed = await adapter.listOperators({ candidates: desired, links });
    const remote = withoutIgnored(listed, this.config.directory.ignore, adapter.connectorId);
    const { operatorKey } = request;
    // A run for one operator imports nothing: the source connector's list is the directory.
    const result =
      isSource && operatorKey === undefined
        ? await this.importFromSource(adapter, { links, remote, dryRun })
        : isSource
          ? { changes: [] }
          : await this.planAndApply(adapter, {
              links,
              desired,
              remote,
              dryRun,
              allowDeletes: request.allowDeletes,
              operatorKey,
            });
    if (!dryRun) {
      // New links must be known before availability readings can be matched to operators.
      await this.snapshot.refresh();
    }
    if (operatorKey !== undefined) {
      result.changes.unshift(scopeRecord(operatorKey));
    }
    if (request.allowDeletes === true) {
      result.changes.unshift(allowDeletesRecord());
    }
    // Upkeep (settings, the conversation sweep) is the connector's, not one operator's.
    if (result.outcome !== 'blocked' && operatorKey === undefined) {
      // A setting that could not be enforced or a conversation that could not be reopened makes
      // the run partial, so `sync` exits 1 and the admin looks.
      result.changes.push(...(await this.upkeep.run(adapter, { desired, dryRun, trigger: request.trigger })));
    }
    return result;
  }

  /**
   * A previous run that was cut short (`interrupted`) or left writes `unknown` may have requests
   * still landing on the platform. They get the connector's timeout plus a grace, counted from the
   * end of that run, before this run lists what exists: a create that lands is then matched, not
   * sent again.
   */
  private async settleFirst(connectorId: string): Promise<void> {
    const [previous] = await this.runs.list({ connectorId, kind: 'reconcile', limit: 1 });
    const unsettled =
      previous !== undefined &&
      !previous.dryRun &&
      (previous.outcome === 'interrupted' || Number(previous.counts.unknown ?? 0) > 0);
    if (!unsettled || previous.finishedAt === null) {
      return;
    }
    const { timeoutMs } = this.config.connector(connectorId);
    const settledAt = previous.finishedAt.getTime() + timeoutMs + Math.max(1000, timeoutMs / 2);
    const waitMs = settledAt - Date.now();
    if (waitMs > 0) {
      this.logger.log(`${connectorId}: waiting ${waitMs} ms for writes of run ${previous.id} to settle`);
      await sleep(waitMs);
    }
  }

  /** The source connector defines the directory: its operators are imported, nothing is written to it. */
  private async importFromSource(
    adapter: ChatPlatformAdapter,
    params: { links: OperatorLinkEntity[]; remote: RemoteOperator[]; dryRun: boolean },
  ): Promise<RunResult> {
    const { links, remote, dryRun } = params;
    if (!dryRun) {
      const keyByRemote = new Map(links.map((l) => [l.remoteId, l.operatorKey]));
      const imported = await this.directory.importFromSource(adapter.connectorId, remote, keyByRemote);
      await this.saveLinks({
        connectorId: adapter.connectorId,
        stored: links,
        remote,
        linked: imported,
        applied: [],
      });
    }
    return { changes: [] };
  }

  private async planAndApply(
    adapter: ChatPlatformAdapter,
    params: {
      links: OperatorLinkEntity[];
      desired: DesiredOperator[];
      remote: RemoteOperator[];
      dryRun: boolean;
      allowDeletes?: boolean;
      operatorKey?: string;
    },
  ): Promise<RunResult> {
    const { links, desired, remote, dryRun } = params;
    const fullPlan = planOperatorChanges({
      desired,
      remote,
      links,
      model: adapter.operatorModel,
      unmanaged: this.config.directory.unmanaged,
      deletionThreshold: this.config.directory.deletionThreshold,
      allowDeletes: params.allowDeletes ?? this.config.connector(adapter.connectorId).allowDeletes,
    });
    const plan =
      params.operatorKey === undefined ? fullPlan : scopePlanToOperator(fullPlan, params.operatorKey);
    const changes = findingRecords(plan.findings);
    if (plan.blocked) {
      changes.push(...plannedRecords(plan.changes, 'skipped'));
      return { changes, outcome: 'blocked', error: plan.blocked.reason };
    }
    if (dryRun) {
      changes.push(...plannedRecords(plan.changes, 'planned'));
      return { changes };
    }
    const applied = await applyPlan({
      adapter,
      changes: plan.changes,
      desired: new Map(desired.map((d) => [d.key, d])),
      remote: new Map(remote.map((r) => [r.remoteId, r])),
    });
    changes.push(...applied.records);
    await this.saveLinks({
      connectorId: adapter.connectorId,
      stored: links,
      remote,
      linked: applied.linked,
      applied: applied.appliedUpdates,
    });
    return { changes };
  }

  private async saveLinks(params: Omit<Parameters<typeof planLinkSnapshots>[0], 'now'>): Promise<void> {
    const { upserts } = planLinkSnapshots({ ...params, now: new Date() });
    await this.links.upsertMany(upserts);
  }
}
