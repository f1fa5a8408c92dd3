import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import type { AlertRepository } from '@app/alerts/alert.repository';
import type { BridgeConfigService } from '@app/config/bridge-config.service';
import type { InboxRepository } from '@app/database/repositories/inbox.repository';
import type { RunRepository } from '@app/database/repositories/run.repository';
import { MetricsService } from '@app/metrics/metrics.service';
import { RETENTION_SCHEDULE, RetentionService } from '@app/retention/retention.service';

const DAY = 86_400_000;
const NOW = new Date('2026-03-31T00:00:00.000Z');

describe(RetentionService.name, () => {
  let sut: RetentionService;
  let runs: { prune: jest.Mock };
  let inbox: { prune: jest.Mock; pruneReceipts: jest.Mock };
  let alerts: { prune: jest.Mock };
  let metrics: MetricsService;

  beforeEach(() => {
    runs = { prune: jest.fn() };
    inbox = { prune: jest.fn(), pruneReceipts: jest.fn() };
    alerts = { prune: jest.fn().mockResolvedValue(0) };
    metrics = new MetricsService();
    const config = {
      config: { retention: { runs: { ms: 30 * DAY, text: '30d' }, events: { ms: 7 * DAY, text: '7d' } } },
    } as unknown as BridgeConfigService;
    sut = new RetentionService(
      config,
      inbox as unknown as InboxRepository,
      metrics,
      runs as unknown as RunRepository,
      new SchedulerRegistry(),
      alerts as unknown as AlertRepository,
    );
  });

  const pruned = async (table: string) =>
    (await metrics.retentionPruned.get()).values.find((v) => v.labels.table === table)?.value;

  it('should prune in batches until a batch comes back short, each table with its own cutoff', async () => {
    runs.prune
      .mockResolvedValueOnce({ runs: RETENTION_SCHEDULE.batch, changes: 900 })
      .mockResolvedValueOnce({ runs: 3, changes: 7 });
    inbox.prune.mockResolvedValueOnce(RETENTION_SCHEDULE.batch).mockResolvedValueOnce(0);
    alerts.prune.mockResolvedValueOnce(4);

    const report = await sut.prune(NOW);

    expect(report).toEqual({
      runs: RETENTION_SCHEDULE.batch + 3,
      changes: 907,
      events: RETENTION_SCHEDULE.batch,
      alerts: 4,
    });
    expect(runs.prune.mock.calls).toEqual([
      [new Date('2026-03-01T00:00:00.000Z'), RETENTION_SCHEDULE.batch],
      [new Date('2026-03-01T00:00:00.000Z'), RETENTION_SCHEDULE.batch],
    ]);
    expect(inbox.prune).toHaveBeenCalledWith(new Date('2026-03-24T00:00:00.000Z'), RETENTION_SCHEDULE.batch);
    expect(alerts.prune).toHaveBeenCalledWith(new Date('2026-03-24T00:00:00.000Z'), RETENTION_SCHEDULE.batch);
    expect(await pruned('runs')).toBe(RETENTION_SCHEDULE.batch + 3);
    expect(await pruned('run_changes')).toBe(907);
    expect(await pruned('inbox_events')).toBe(RETENTION_SCHEDULE.batch);
    expect(await pruned('alerts')).toBe(4);
  });

  it('should stop a round after its batch budget when the backlog is larger', async () => {
    runs.prune.mockResolvedValue({ runs: RETENTION_SCHEDULE.batch, changes: 0 });
    inbox.prune.mockResolvedValue(0);

    await sut.prune(NOW);

    expect(runs.prune).toHaveBeenCalledTimes(RETENTION_SCHEDULE.maxBatchesPerRound);
  });

  it('should log and answer nothing when a round fails, so the scheduler never sees the error', async () => {
    runs.prune.mockRejectedValue(new Error('database gone'));
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    await expect(sut.round(NOW)).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith('retention: pruning failed: database gone');
    logged.mockRestore();
  });

  it('should skip a round when the previous one is still going', async () => {
    let release: () => void = () => undefined;
    runs.prune.mockReturnValueOnce(
      new Promise((resolve) => (release = () => resolve({ runs: 0, changes: 0 }))),
    );
    inbox.prune.mockResolvedValue(0);

    const first = sut.round(NOW);
    await expect(sut.round(NOW)).resolves.toBeUndefined();
    release();

    await expect(first).resolves.toEqual({ runs: 0, changes: 0, events: 0, alerts: 0 });
  });

  it('should prune expired webhook receipts in batches until one comes back short', async () => {
    inbox.pruneReceipts.mockResolvedValueOnce(RETENTION_SCHEDULE.batch).mockResolvedValueOnce(5);

    await expect(sut.pruneReceipts(NOW)).resolves.toBe(RETENTION_SCHEDULE.batch + 5);

    expect(inbox.pruneReceipts.mock.calls).toEqual([
      [NOW, RETENTION_SCHEDULE.batch],
      [NOW, RETENTION_SCHEDULE.batch],
    ]);
    expect(await pruned('webhook_receipts')).toBe(RETENTION_SCHEDULE.batch + 5);
  });

  it('should log and answer nothing when pruning receipts fails', async () => {
    inbox.pruneReceipts.mockRejectedValue(new Error('database gone'));
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    await expect(sut.pruneReceipts(NOW)).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith('retention: pruning webhook receipts failed: database gone');
    logged.mockRestore();
  });
});
