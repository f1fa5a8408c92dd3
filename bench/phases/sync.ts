import { BenchDaemon, type RunSummary } from '../daemon';
import { type BenchPlatform, MINIMUM_CALLS, RATES, bridgeYaml, connectorYaml } from '../bench-platforms';
import { type BenchRow, makeRow } from '../results-schema';
import { startSimulators } from '../simulators';
import type { Phase } from './phase';

/** The daemon's peak RSS after each platform's first sync and quiet run, for rss.peak. */
export interface PeakRss {
  platform: BenchPlatform;
  peakMb: number;
}

const rowsOf = (platform: BenchPlatform) => ({
  first: {
    id: `sync.${platform}.first`,
    label: `${platform}: first sync of the roster, seconds vs the rate-limit floor (fewest calls ÷ rateLimit)`,
    unit: 's' as const,
    target: { on: 'ratio' as const, max: 1.2 },
  },
  calls: {
    id: `sync.${platform}.calls`,
    label: `${platform}: calls the simulator counted in the first sync vs the fewest the API allows`,
    unit: 'calls' as const,
    target: { on: 'ratio' as const, max: 1.05 },
  },
  quietCpu: {
    id: `sync.${platform}.quiet.cpu`,
    label: `${platform}: daemon CPU seconds of a second run with nothing to change`,
    unit: 's' as const,
    target: { on: 'value' as const, max: 2 },
  },
  quietWrites: {
    id: `sync.${platform}.quiet.writes`,
    label: `${platform}: write calls of that second run`,
    unit: 'writes' as const,
    target: { on: 'value' as const, max: 0 },
  },
});

const seconds = (run: RunSummary): number =>
  (Date.parse(run.finishedAt ?? '') - Date.parse(run.startedAt)) / 1000;

const countsText = (run: RunSummary): string =>
  Object.entries(run.counts)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

/**
 * A daemon with `syncOperators` new roster operators and one connector, against a simulator that
 * enforces the connector's rate: its start-up run is the first sync (timed by the run record,
 * counted by the simulator); a manual run right after is the quiet run (CPU from /proc).
 */
const measureSync = async (
  platform: BenchPlatform,
  operators: number,
  peaks: PeakRss[],
): Promise<BenchRow[]> => {
  const rate = RATES[platform];
  const simulators = await startSimulators({ [platform]: rate });
  const daemon = new BenchDaemon((dir) =>
    bridgeYaml({
      databaseUrl: `sqlite:${dir}/bench.sqlite`,
      operators,
      connectors: [connectorYaml(platform, simulators.urls[platform]!, rate)],
    }),
  );
  try {
    await daemon.start();
    const minimum = MINIMUM_CALLS[platform](operators);
    const floor = minimum / rate;
    const first = await daemon.startupRun(platform, Math.max(1_200_000, floor * 30_000));
    const firstCalls = await simulators.calls(platform);
    await simulators.resetCounters(platform);
    const cpuBefore = daemon.cpuSeconds();
    const quiet = await daemon.api<RunSummary>(`/api/connectors/${platform}/reconcile`, {
      method: 'POST',
      body: {},
    });
    const cpu = daemon.cpuSeconds() - cpuBefore;
    const quietCalls = await simulators.calls(platform);
    peaks.push({ platform, peakMb: daemon.peakRssMb() });
    const rows = rowsOf(platform);
    const firstDetail = `${operators} operators @${rate}/s: run ${first.outcome} (${countsText(first)})${first.error ? `: ${first.error}` : ''}`;
    const byRoute = Object.entries(firstCalls.byRoute)
      .map(([route, n]) => `${route} ${n}`)
      .join(', ');
    return [
      makeRow({
        ...rows.first,
        value: first.outcome === 'ok' ? seconds(first) : null,
        baseline: floor,
        detail: firstDetail,
      }),
      makeRow({ ...rows.calls, value: firstCalls.total, baseline: minimum, detail: byRoute }),
      makeRow({
        ...rows.quietCpu,
        value: quiet.outcome === 'ok' ? cpu : null,
        detail: `run ${quiet.outcome} in ${seconds(quiet).toFixed(2)} s, ${quietCalls.total} calls`,
      }),
      makeRow({
        ...rows.quietWrites,
        value: quietCalls.writes,
        detail: `(${countsText(quiet) || 'no changes'})`,
      }),
    ];
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${daemon.logTail()}`, {
      cause: error,
    });
  } finally {
    await daemon.stop();
    await simulators.stop();
  }
};

export const syncPhase = (platform: BenchPlatform, peaks: PeakRss[]): Phase => {
  const rows = rowsOf(platform);
  return {
    name: `${platform} sync`,
    rows: [rows.first, rows.calls, rows.quietCpu, rows.quietWrites],
    feeds: ['rss.peak'],
    run: (settings) => measureSync(platform, settings.syncOperators, peaks),
  };
};

const peakRow = {
  id: 'rss.peak',
  label: 'daemon peak RSS (VmHWM) over a first sync and a quiet run, the largest of the four platforms',
  unit: 'MB' as const,
  target: { on: 'value' as const, max: 200 },
};

/** rss.peak, from what the sync phases recorded (it measures nothing itself). */
export const peakRssPhase = (peaks: PeakRss[]): Phase => ({
  name: 'peak RSS',
  rows: [peakRow],
  run: (settings) => {
    if (peaks.length === 0) {
      return Promise.reject(new Error('no sync phase recorded a peak'));
    }
    const top = peaks.reduce((a, b) => (b.peakMb > a.peakMb ? b : a));
    const each = peaks.map((p) => `${p.platform} ${p.peakMb.toFixed(0)}`).join(', ');
    return Promise.resolve([
      makeRow({
        ...peakRow,
        value: top.peakMb,
        detail: `${settings.syncOperators} operators; MB per platform: ${each}`,
      }),
    ]);
  },
});
