import { join } from 'node:path';

import type { BenchPlatform } from './bench-platforms';
import { startHelper } from './processes';

export interface CallStats {
  total: number;
  writes: number;
  byRoute: Record<string, number>;
}

/** The simulator host process (simulator-host.ts) of one phase, and its counters over HTTP. */
export interface RunningSimulators {
  urls: Partial<Record<BenchPlatform, string>>;
  calls(platform: BenchPlatform): Promise<CallStats>;
  resetCounters(platform: BenchPlatform): Promise<void>;
  stop(): Promise<void>;
}

export const startSimulators = async (
  rates: Partial<Record<BenchPlatform, number>>,
): Promise<RunningSimulators> => {
  const host = await startHelper<Partial<Record<BenchPlatform, string>>>(
    join(__dirname, 'simulator-host.js'),
    [JSON.stringify(rates)],
  );
  const control = (platform: BenchPlatform, path: string) => `${host.ready[platform]}/__simulator${path}`;
  return {
    urls: host.ready,
    calls: async (platform) => (await (await fetch(control(platform, '/calls'))).json()) as CallStats,
    resetCounters: async (platform) => {
      await fetch(control(platform, '/reset-counters'), { method: 'POST' });
    },
    stop: () => host.stop(),
  };
};
