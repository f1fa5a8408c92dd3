import { loadInOwnProcess } from '../load-process';
import { median, sleep } from '../processes';
import { makeRow } from '../results-schema';
import type { Phase } from './phase';
import { startTencentDaemon } from './tencent-daemon';

/** The first tenth of the soak is warm-up (caches, JIT, the inbox reaching its steady size). */
const WARM_UP_SHARE = 0.1;

const row = {
  id: 'rss.soak',
  label: 'daemon RSS over a soak of signed webhooks: median of the last third vs the first third',
  unit: 'MB' as const,
  target: { on: 'ratio' as const, min: 0.9, max: 1.1 },
};

/** rss.soak: a steady stream of webhooks while the daemon's RSS is sampled from /proc. */
export const soakPhase: Phase = {
  name: 'RSS soak',
  rows: [row],
  run: async (settings) => {
    const setup = await startTencentDaemon((dir) => `sqlite:${dir}/bench.sqlite`, settings.onlineOperators);
    try {
      const { daemon } = setup;
      const samples: number[] = [];
      let loading = true;
      const load = loadInOwnProcess({
        origin: daemon.url,
        kind: 'State.StateChange',
        durationSeconds: settings.soakSeconds,
        connections: settings.connections,
        rate: settings.soakRate,
        operators: settings.onlineOperators,
      }).finally(() => (loading = false));
      const sampling = (async () => {
        while (loading) {
          samples.push(daemon.rssMb());
          await sleep(settings.soakSampleSeconds * 1000);
        }
      })();
      const result = await load;
      await sampling;
      const steady = samples.slice(Math.ceil(samples.length * WARM_UP_SHARE));
      const third = Math.floor(steady.length / 3);
      const first = median(steady.slice(0, third));
      const last = median(steady.slice(steady.length - third));
      return [
        makeRow({
          ...row,
          value: last,
          baseline: first,
          detail: `${settings.soakRate} webhooks/s offered for ${settings.soakSeconds} s, ${result.okPerSecond.toFixed(0)}/s acknowledged (${result.ok} stored, ${result.non2xx} non-2xx, ${result.errors} errors); ${samples.length} samples every ${settings.soakSampleSeconds} s, first ${Math.ceil(samples.length * WARM_UP_SHARE)} left out as warm-up; RSS ${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)} MB`,
        }),
      ];
    } finally {
      await setup.stop();
    }
  },
};
