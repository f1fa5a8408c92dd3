import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { NestFactory } from '@nestjs/core';
import axios from 'axios';
import Bottleneck from 'bottleneck';

import { AppModule } from '@app/app.module';
import { loadConfig } from '@app/config/load-config';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import { ChatHubSimulator, type SimulatorServer, TencentChatSimulator } from '@app/simulator';

export type BenchPlatform = 'chathub' | 'tencent';

export interface ReconcileRow {
  platform: BenchPlatform;
  operators: number;
  rate: number;
  firstRunSeconds: number;
  floorSeconds: number;
  calls: number;
  minimumCalls: number;
  quietRunWrites: number;
  quietRunCpuSeconds: number;
}

export interface NaiveResult {
  calls: number;
  seconds: number;
}

const SDK_APP_ID = 1400000042;
const SECRET = 'bench-secret-key-reconcile';

/** The fewest calls each platform's API allows for a first sync of `n` new operators. */
const MINIMUM_CALLS: Record<BenchPlatform, (n: number) => number> = {
  // one list, then synchronize in batches of 100
  chathub: (n) => 1 + Math.ceil(n / 100),
  // account_check in 100s, one account_import (with nick) each, query_online_status in 500s
  tencent: (n) => Math.ceil(n / 100) + n + Math.ceil(n / 500),
};

const CONNECTOR_YAML: Record<BenchPlatform, (url: string, rate: number) => string> = {
  chathub: (url, rate) =>
    `{ id: chathub, type: smsbat-chathub, baseUrl: "${url}", rateLimit: ${rate}, schedule: 24h, auth: { companyToken: bench }, options: { organizationId: 24 } }`,
  tencent: (url, rate) =>
    `{ id: tencent, type: tencent-chat, baseUrl: "${url}", rateLimit: ${rate}, schedule: 24h, auth: { sdkAppId: ${SDK_APP_ID}, identifier: administrator, secretKey: ${SECRET} }, webhook: { insecure: true } }`,
};

/** The platform's simulator, enforcing the same rate the connector is configured for. */
const simulatorFor = (platform: BenchPlatform, rate: number): SimulatorServer => {
  const rateLimit = { requestsPerSecond: rate };
  if (platform === 'chathub') {
    const simulator = new ChatHubSimulator({ companyKeys: ['bench'], rateLimit });
    simulator.seed({ organizations: [{ id: 24, name: 'Bench' }] });
    return simulator;
  }
  return new TencentChatSimulator({ sdkAppId: SDK_APP_ID, secretKey: SECRET, rateLimit });
};

/** A first sync of `operators` new operators, then a run with nothing to do, in this process. */
export const measureSync = async (
  platform: BenchPlatform,
  operators: number,
  rate: number,
): Promise<ReconcileRow> => {
  const simulator = simulatorFor(platform, rate);
  await simulator.start();
  const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-reconcile-bench-'));
  const roster = Array.from(
    { length: operators },
    (_, i) => `    - { key: op${i}, name: Operator ${i}, email: op${i}@example.com }`,
  );
  writeFileSync(
    join(dir, 'bridge.yaml'),
    `database: { url: "sqlite:${join(dir, 'bench.sqlite')}" }\ndirectory:\n  roster:\n${roster.join('\n')}\nconnectors:\n  - ${CONNECTOR_YAML[platform](simulator.baseUrl, rate)}\n`,
  );
  const loaded = loadConfig({ path: join(dir, 'bridge.yaml'), env: {} });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ loaded, mode: 'cli' }), {
    logger: ['error'],
  });
  try {
    const reconcile = app.get(ReconcileService);
    simulator.resetCounters();
    const started = performance.now();
    await reconcile.reconcile({ connectorId: platform, trigger: 'manual' });
    const firstRunSeconds = (performance.now() - started) / 1000;
    const calls = simulator.totalCalls();
    simulator.resetCounters();
    const cpu = process.cpuUsage();
    await reconcile.reconcile({ connectorId: platform, trigger: 'manual' });
    const used = process.cpuUsage(cpu);
    const minimumCalls = MINIMUM_CALLS[platform](operators);
    return {
      platform,
      operators,
      rate,
      firstRunSeconds,
      floorSeconds: minimumCalls / rate,
      calls,
      minimumCalls,
      quietRunWrites: simulator.writeCalls(),
      quietRunCpuSeconds: (used.user + used.system) / 1e6,
    };
  } finally {
    await app.close();
    await simulator.stop();
  }
};

/** SMSBat's own sample code: list, then add each missing name with its own synchronize call. */
export const naiveChatHubSync = async (operators: number, rate: number): Promise<NaiveResult> => {
  const simulator = simulatorFor('chathub', rate);
  await simulator.start();
  const limiter = new Bottleneck({ minTime: Math.ceil(1000 / rate), maxConcurrent: 4 });
  const http = axios.create({ baseURL: simulator.baseUrl, headers: { Authorization: 'Bearer bench' } });
  const started = performance.now();
  try {
    const { data } = await limiter.schedule(() =>
      http.get<Array<{ name: string }>>('/api/operator', { params: { organizationId: 24 } }),
    );
    const existing = new Set(data.map((o) => o.name));
    const missing = Array.from({ length: operators }, (_, i) => `Operator ${i}`).filter(
      (name) => !existing.has(name),
    );
    await Promise.all(
      missing.map((name) =>
        limiter.schedule(() => http.post('/api/operator/synchronize', [{ organizationId: 24, name }])),
      ),
    );
    return { calls: simulator.totalCalls(), seconds: (performance.now() - started) / 1000 };
  } finally {
    await simulator.stop();
  }
};
