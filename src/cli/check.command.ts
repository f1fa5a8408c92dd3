import { printJson, printLine } from '@app/cli/cli-output';
import { ExitCode } from '@app/cli/exit-codes';
import { formatConfigIssue } from '@app/config/config.error';
import type { LoadedConfig } from '@app/config/load-config';
import { createAdapter } from '@app/platforms/adapter-factories';
import type { ChatPlatformAdapter } from '@app/platforms/chat-platform.adapter';
import type { FailureContext } from '@app/core/platform-error';
import { describeError } from '@app/runs/platform-error.handler';

export interface CheckOptions {
  /** One JSON document on stdout instead of the text report. */
  json?: boolean;
}

export const withAdapters = async <T>(
  loaded: LoadedConfig,
  fn: (adapters: ChatPlatformAdapter[]) => Promise<T>,
): Promise<T> => {
  const context = {
    redactor: loaded.redactor,
    registerSecret: (value: string) => loaded.redactor.register(value),
    observer: () => undefined,
  };
  const adapters = loaded.config.connectors.filter((c) => c.enabled).map((c) => createAdapter(c, context));
  try {
    return await fn(adapters);
  } finally {
    await Promise.all(adapters.map(async (a) => a.close?.()));
  }
};

export const failureContext = (
  loaded: LoadedConfig,
  adapter: ChatPlatformAdapter,
): FailureContext | undefined => {
  const connector = loaded.config.connectors.find((c) => c.id === adapter.connectorId);
  return connector ? { connector, references: loaded.references } : undefined;
};

interface ConnectionCheck {
  connectorId: string;
  type: string;
  ok: boolean;
  error?: string;
}

const checkConnections = (loaded: LoadedConfig): Promise<ConnectionCheck[]> =>
  withAdapters(loaded, async (adapters) => {
    const checks: ConnectionCheck[] = [];
    for (const adapter of adapters) {
      try {
        await adapter.checkConnection();
        checks.push({ connectorId: adapter.connectorId, type: adapter.type, ok: true });
      } catch (error) {
        const message = loaded.redactor.redact(describeError(error, failureContext(loaded, adapter)));
        checks.push({ connectorId: adapter.connectorId, type: adapter.type, ok: false, error: message });
      }
    }
    return checks;
  });

/** The config's warnings under a heading, or nothing. */
export const printConfigWarnings = (loaded: LoadedConfig): void => {
  if (loaded.warnings.length === 0) {
    return;
  }
  printLine(`${loaded.warnings.length} warning(s) in ${loaded.path}:`);
  for (const warning of loaded.warnings) {
    printLine(`  ! ${formatConfigIssue(warning)}`);
  }
};

/**
 * `validate [--online] [--json]`: the config is valid (else exit 2), with its warnings (exit 0
 * still: each names something that works, only not the way it probably should); online, every
 * connector answers.
 */
export const validateCommand = async (
  loaded: LoadedConfig,
  online: boolean,
  options: CheckOptions = {},
): Promise<ExitCode> => {
  const connections = online ? await checkConnections(loaded) : undefined;
  const ok = connections?.every((c) => c.ok) ?? true;
  if (options.json) {
    printJson({
      ok,
      path: loaded.path,
      connectors: loaded.config.connectors.map((c) => ({ id: c.id, type: c.type, enabled: c.enabled })),
      rosterEntries: loaded.config.directory.roster.length,
      warnings: loaded.warnings,
      ...(connections ? { online: connections } : {}),
    });
  } else {
    printLine(
      `configuration OK: ${loaded.path} (${loaded.config.connectors.length} connectors, ${loaded.config.directory.roster.length} roster entries)`,
    );
    printConfigWarnings(loaded);
    for (const check of connections ?? []) {
      printLine(
        check.ok
          ? `  ✓ ${check.connectorId} (${check.type}) answers`
          : `  ✗ ${check.connectorId} (${check.type}): ${check.error ?? ''}`,
      );
    }
  }
  return ok ? ExitCode.OK : ExitCode.FAILED;
};
