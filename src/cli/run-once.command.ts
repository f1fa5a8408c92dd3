import { NestFactory } from '@nestjs/core';

import { AppModule } from '@app/app.module';
import { CliLogger } from '@app/cli/cli-logger';
import { printJson, printLine } from '@app/cli/cli-output';
import { CliExit, ExitCode } from '@app/cli/exit-codes';
import { formatRuns } from '@app/cli/format-runs';
import { integrationEntries, unmatchedIntegrationMessage } from '@app/cli/integration-accounts';
import type { LoadedConfig } from '@app/config/load-config';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { DirectoryService } from '@app/directory/directory.service';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import { ConnectorBusyError, ConnectorDisabledError } from '@app/runs/run-errors';
import type { RunView } from '@app/reconcile/reconcile.types';

export interface RunOnceOptions {
  connector?: string;
  /** Provision on demand: this operator only, on every connector but the source. */
  operator?: string;
  dryRun: boolean;
  allowDeletes?: boolean;
  /** How long a busy connector is waited for (sync); then exit 1 naming who holds it. */
  waitMs?: number;
  /** One JSON document on stdout (`{ ok, runs, error? }`) instead of the tables. */
  json?: boolean;
}

const report = (runs: RunView[], options: RunOnceOptions, error?: ConnectorBusyError): void => {
  if (options.json) {
    printJson({
      ok: error === undefined && runs.every((r) => r.outcome === 'ok'),
      runs,
      ...(error
        ? { error: { code: 'RUN_IN_PROGRESS', message: error.message, details: { holder: error.holder } } }
        : {}),
    });
  } else if (runs.length > 0) {
    printLine(formatRuns(runs));
  }
};

/**
 * An integration account that no platform that answered knows (no link, none planned) is almost
 * always a typo in its e-mail; said on stderr after the report, like a log line.
 */
const warnUnlinkedIntegrationAccounts = async (
  loaded: LoadedConfig,
  runs: RunView[],
  links: OperatorLinkRepository,
): Promise<void> => {
  const answered = runs.filter((r) => r.outcome !== 'failed' && r.outcome !== 'interrupted');
  if (answered.length === 0) {
    return;
  }
  for (const { entry, index } of integrationEntries(loaded)) {
    const planned = answered.some((r) =>
      r.changes.some((c) => c.action === 'link' && c.operatorKey === entry.key),
    );
    if (!planned && (await links.findByOperator(entry.key)).length === 0) {
      const ids = answered.map((r) => r.connectorId);
      process.stderr.write(`warning: ${unmatchedIntegrationMessage(entry, index, ids)}\n`);
    }
  }
};

/** `plan` (dry run) and `sync`: one run per connector, source first, printed as a table. */
export const runOnce = async (loaded: LoadedConfig, options: RunOnceOptions): Promise<ExitCode> => {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ loaded, mode: 'cli' }), {
    logger: new CliLogger(),
  });
  try {
    const directory = app.get(DirectoryService);
    const reconcile = app.get(ReconcileService);
    const connectors = loaded.config.connectors.filter((c) =>
      options.connector
        ? c.id === options.connector
        : c.enabled && !(options.operator && directory.isSource(c.id)),
    );
    if (options.connector && connectors.length === 0) {
      throw new CliExit(
        ExitCode.USAGE,
        `no connector "${options.connector}" in ${loaded.path}`,
        'CONNECTOR_NOT_FOUND',
      );
    }
    if (options.operator && !(await app.get(OperatorRepository).findByKey(options.operator))) {
      throw new CliExit(
        ExitCode.USAGE,
        `no operator "${options.operator}" in the directory`,
        'OPERATOR_NOT_FOUND',
      );
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
            operatorKey: options.operator,
            waitMs: options.waitMs ?? 0,
            holder: options.dryRun ? 'plan (CLI)' : 'sync (CLI)',
          }),
        );
      } catch (error) {
        if (error instanceof ConnectorDisabledError) {
          throw new CliExit(ExitCode.USAGE, `${error.message} in ${loaded.path}`, 'CONNECTOR_DISABLED');
        }
        if (!(error instanceof ConnectorBusyError)) {
          throw error;
        }
        report(runs, options, error);
        const waited = Math.round((options.waitMs ?? 0) / 1000);
        // With --json the document above already says it; the message still goes to stderr.
        throw new CliExit(
          ExitCode.FAILED,
          `${error.message} (waited ${waited} s; --wait sets how long)`,
          'RUN_IN_PROGRESS',
          {
            reported: options.json === true,
          },
        );
      }
    }
    if (options.json) {
      report(runs, options);
    } else {
      printLine(formatRuns(runs));
    }
    if (options.connector === undefined && options.operator === undefined) {
      await warnUnlinkedIntegrationAccounts(loaded, runs, app.get(OperatorLinkRepository));
    }
    return runs.every((r) => r.outcome === 'ok') ? ExitCode.OK : ExitCode.FAILED;
  } finally {
    await app.close();
  }
};
