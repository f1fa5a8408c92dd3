import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import { ConnectorLockRepository } from '@app/database/repositories/connector-lock.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { DirectoryService } from '@app/directory/directory.service';
import { MetricsService } from '@app/metrics/metrics.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import type { ChatPlatformAdapter } from '@app/platforms/chat-platform.adapter';
import { ConnectorHealthService } from '@app/reconcile/connector-health.service';
import { planOperatorChanges } from '@app/reconcile/plan-operator-changes';
import { applyPlan } from '@app/reconcile/plan-applier';
import { describeError } from '@app/reconcile/platform-error.handler';
import type {
  ChangeRecord,
  ReconcileRequest,
  RunCounts,
  RunOutcome,
  RunView,
} from '@app/reconcile/reconcile.types';
import { findingRecords, plannedRecords, toRunView } from '@app/reconcile/run.mapper';
import { planLinkSnapshots } from '@app/reconcile/link-snapshots';
import { PlatformUpkeep } from '@app/reconcile/platform-upkeep.service';

/** Runs one reconciliation of one connector: desired → remote → plan → guard → apply → record. */
@Injectable()
export class ReconcileService {
  private readonly logger = new Logger(ReconcileService.name);
  private readonly running = new Set<string>();

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly config: BridgeConfigService,
    private readonly directory: DirectoryService,
    private readonly health: ConnectorHealthService,
    private readonly links: OperatorLinkRepository,
    private readonly locks: ConnectorLockRepository,
    private readonly metrics: MetricsService,
    private readonly runs: RunRepository,
    private readonly snapshot: DirectorySnapshot,
    private readonly upkeep: PlatformUpkeep,
  ) {}

  isRunning(connectorId: string): boolean {
    return this.running.has(connectorId);
  }

  /** Throws 404 for an unknown connector and 409 (RUN_IN_PROGRESS) when one is already running. */
  async reconcile(request: ReconcileRequest): Promise<RunView> {
    const adapter = this.adapters.get(request.connectorId);
    if (!adapter) {
      throw new NotFoundException({
        code: 'CONNECTOR_NOT_FOUND',
        message: `no connector "${request.connectorId}"`,
      });
    }
    if (this.running.has(adapter.connectorId)) {
      throw new ConflictException({
        code: 'RUN_IN_PROGRESS',
        message: `${adapter.connectorId} is already reconciling`,
      });
    }
    this.running.add(adapter.connectorId);
    try {
      const locked = await this.locks.withLock(adapter.connectorId, () => this.run(adapter, request));
      if (!locked.acquired) {
        throw new ConflictException({
          code: 'RUN_IN_PROGRESS',
          message: `${adapter.connectorId} is being reconciled by another replica`,
        });
      }
      return locked.result;
    } finally {
      this.running.delete(adapter.connectorId);
    }
  }

  private async run(adapter: ChatPlatformAdapter, request: ReconcileRequest): Promise<RunView> {
    const connector = this.config.connector(adapter.connectorId);
    const dryRun = request.dryRun ?? false;
    // Under this connector's lock, a `running` row can only be left over from a crash.
    await this.runs.failInterruptedRuns(adapter.connectorId);
    const started = await this.runs.start({
      connectorId: adapter.connectorId,
      trigger: request.trigger,
      dryRun,
    });
    let outcome: RunOutcome = 'ok';
    let records: ChangeRecord[] = [];
    let error: string | null = null;
    try {
      const links = await this.links.findByConnector(adapter.connectorId);
      const isSource = this.directory.isSource(adapter.connectorId);
      const desired = isSource ? [] : await this.directory.desired();
      const remote = await adapter.listOperators({ candidates: desired, links });
      if (isSource) {
        const keyByRemote = new Map(links.map((l) => [l.remoteId, l.operatorKey]));
        if (!dryRun) {
          const imported = await this.directory.importFromSource(adapter.connectorId, remote, keyByRemote);
          await this.saveLinks({
            connectorId: adapter.connectorId,
            stored: links,
            remote,
            linked: imported,
            applied: [],
          });
        }
      } else {
        const plan = planOperatorChanges({
          desired,
          remote,
          links,
          model: adapter.operatorModel,
          unmanaged: this.config.directory.unmanaged,
          deletionThreshold: this.config.directory.deletionThreshold,
          allowDeletes: request.allowDeletes ?? connector.allowDeletes,
        });
        records = findingRecords(plan.findings);
        if (plan.blocked) {
          outcome = 'blocked';
          error = plan.blocked.reason;
          records.push(...plannedRecords(plan.changes, 'skipped'));
        } else if (dryRun) {
          records.push(...plannedRecords(plan.changes, 'planned'));
        } else {
          const applied = await applyPlan({
            adapter,
            changes: plan.changes,
            desired: new Map(desired.map((d) => [d.key, d])),
            remote: new Map(remote.map((r) => [r.remoteId, r])),
          });
          records.push(...applied.records);
          await this.saveLinks({
            connectorId: adapter.connectorId,
            stored: links,
            remote,
            linked: applied.linked,
            applied: applied.appliedUpdates,
          });
          outcome = applied.records.some((r) => r.outcome === 'failed' || r.outcome === 'rejected')
            ? 'partial'
            : 'ok';
        }
      }
      if (!dryRun) {
        // New links must be known before availability readings can be matched to operators.
        await this.snapshot.refresh();
      }
      if (outcome !== 'blocked') {
        records.push(...(await this.upkeep.run(adapter, { desired, dryRun })));
        // A setting that could not be enforced or a conversation that could not be reopened
        // makes the run partial, so `sync` exits 1 and the admin looks.
        if (outcome === 'ok' && records.some((r) => r.outcome === 'failed' || r.outcome === 'rejected')) {
          outcome = 'partial';
        }
      }
      if (!dryRun) {
        await this.health.recordSuccess(adapter.connectorId);
      }
    } catch (failure) {
      outcome = 'failed';
      error = this.config.redactor.redact(describeError(failure));
      await this.health.recordFailure(adapter.connectorId, failure);
    }
    const counts = countRecords(records);
    const finished = await this.runs.finish(started.id, { outcome, counts, error, changes: records });
    this.recordMetrics(adapter.connectorId, dryRun, outcome, records);
    this.logRun(adapter.connectorId, dryRun, outcome, counts, error);
    return toRunView(finished);
  }

  private async saveLinks(params: Omit<Parameters<typeof planLinkSnapshots>[0], 'now'>): Promise<void> {
    const { upserts } = planLinkSnapshots({ ...params, now: new Date() });
    for (const link of upserts) {
      await this.links.upsert(link);
    }
  }

  private recordMetrics(
    connectorId: string,
    dryRun: boolean,
    outcome: RunOutcome,
    records: ChangeRecord[],
  ): void {
    this.metrics.runs.inc({ connector: connectorId, outcome, dry_run: String(dryRun) });
    for (const record of records) {
      this.metrics.changes.inc({ connector: connectorId, action: record.action, outcome: record.outcome });
    }
  }

  private logRun(
    connectorId: string,
    dryRun: boolean,
    outcome: RunOutcome,
    counts: RunCounts,
    error: string | null,
  ): void {
    const summary = `${connectorId}: ${dryRun ? 'dry run' : 'run'} ${outcome} — ${counts.planned} planned, ${counts.applied} applied, ${counts.failed + counts.rejected} failed, ${counts.findings} findings`;
    if (outcome === 'failed' || outcome === 'blocked') {
      this.logger.warn(`${summary}: ${error ?? ''}`);
    } else {
      this.logger.log(summary);
    }
  }
}

const countRecords = (records: ChangeRecord[]): RunCounts => ({
  planned: records.filter((r) => r.action !== 'report').length,
  applied: records.filter((r) => r.outcome === 'applied').length,
  failed: records.filter((r) => r.outcome === 'failed').length,
  rejected: records.filter((r) => r.outcome === 'rejected').length,
  findings: records.filter((r) => r.action === 'report').length,
});
