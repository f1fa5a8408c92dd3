import { NestFactory } from '@nestjs/core';

import { AppModule } from '@app/app.module';
import { CliExit, ExitCode } from '@app/cli/exit-codes';
import { formatRuns } from '@app/cli/format-runs';
import type { LoadedConfig } from '@app/config/load-config';
import { DirectoryService } from '@app/directory/directory.service';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import { ConnectorBusyError, ConnectorDisabledError } from '@app/runs/run-errors';
import type { RunView } from '@app/reconcile/reconcile.types';

export interface RunOnceOptions {
  connector?: string;
  dryRun: boolean;
  allowDeletes?: boolean;
  /** How long a busy connector is waited for (sync); then exit 1 naming who holds it. */
  waitMs?: number;
}

/** `plan` (dry run) and `sync`: one run per connector, source first, printed as a table. */
export const runOnce = async (loaded: LoadedConfig, options: RunOnceOptions): Promise<ExitCode> => {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ loaded, mode: 'cli' }), {
    logger: process.env.LOG_LEVEL === 'debug' ? undefined : ['warn', 'error'],
  });
  try {
    const directory = app.get(DirectoryService);
    const reconcile = app.get(ReconcileService);
    const connectors = loaded.config.connectors.filter((c) =>
      options.connector ? c.id === options.connector : c.enabled,
    );
    if (options.connector && connectors.length === 0) {
      throw new CliExit(ExitCode.USAGE, `no connector "${options.connector}" in ${loaded.path}`);
    }
    connectors.sort((a, b) => Number(directory.isSource(b.id)) - Number(directory.isSource(a.id)));
    const runs: RunView[] = [];
    for (const connector of connectors) {
      try {
        runs.push(
          await reconcile.reconcile({
            connectorId: connector.id,
            trigger: 'manual',
            dryRun: options.dryRun,
            allowDeletes: options.allowDeletes,
            waitMs: options.waitMs ?? 0,
            holder: options.dryRun ? 'plan (CLI)' : 'sync (CLI)',
          }),
        );
      } catch (error) {
        if (error instanceof ConnectorDisabledError) {
          throw new CliExit(ExitCode.USAGE, `${error.message} in ${loaded.path}`);
        }
        if (!(error instanceof ConnectorBusyError)) {
          throw error;
        }
        if (runs.length > 0) {
          process.stdout.write(`${formatRuns(runs)}\n`);
        }
        const waited = Math.round((options.waitMs ?? 0) / 1000);
        throw new CliExit(ExitCode.FAILED, `${error.message} (waited ${waited} s; --wait sets how long)`);
      }
    }
    process.stdout.write(`${formatRuns(runs)}\n`);
    return runs.every((r) => r.outcome === 'ok') ? ExitCode.OK : ExitCode.FAILED;
  } finally {
    await app.close();
  }
};
