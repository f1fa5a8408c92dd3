import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Registry } from 'prom-client';

const DIST = resolve(__dirname, '../../../dist/src');
// Node's own require: the built JavaScript as `npm start` runs it, not the TypeScript sources.
const requireBuilt = createRequire(__filename);

export interface BuiltDaemon {
  app: NestExpressApplication;
  baseUrl: string;
  /** The registry `GET /metrics` reads, with every metric any provider registered on it. */
  registry: Registry;
}

/**
 * The daemon of dist/ (`npm run build`) started in this process: its Express router and its
 * metrics registry can be read, and it serves the built console as the real one does.
 */
export const startBuiltDaemon = async (
  configPath: string,
  env: Record<string, string | undefined>,
): Promise<BuiltDaemon> => {
  const entry = join(DIST, 'cli/start.command.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run npm run build first`);
  }
  const { startDaemon } = requireBuilt(entry) as typeof import('@app/cli/start.command');
  const { loadConfig } = requireBuilt(
    join(DIST, 'config/load-config.js'),
  ) as typeof import('@app/config/load-config');
  const { MetricsService } = requireBuilt(
    join(DIST, 'metrics/metrics.service.js'),
  ) as typeof import('@app/metrics/metrics.service');
  const app = await startDaemon(loadConfig({ path: configPath, env }), { handleSignals: false });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, registry: app.get(MetricsService).registry };
};
