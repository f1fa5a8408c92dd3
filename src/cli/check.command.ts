import { printJson, printLine } from '@app/cli/cli-output';
import { ExitCode } from '@app/cli/exit-codes';
import { formatConfigIssue } from '@app/config/config.error';
import type { LoadedConfig } from '@app/config/load-config';
import { createAdapter } from '@app/platforms/adapter-factories';
import type {
  ChatPlatformAdapter,
  DiagnoseParams,
  DoctorFinding,
} from '@app/platforms/chat-platform.adapter';
import { normalizeName } from '@app/core/normalize';
import type { FailureContext } from '@app/core/platform-error';
import { describeError } from '@app/runs/platform-error.handler';

export interface CheckOptions {
  /** One JSON document on stdout instead of the text report. */
  json?: boolean;
}

const withAdapters = async <T>(
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

const failureContext = (loaded: LoadedConfig, adapter: ChatPlatformAdapter): FailureContext | undefined => {
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

/** The roster's integration accounts that exist on this platform, matched as a sync would. */
const integrationAccountsOn = async (
  adapter: ChatPlatformAdapter,
  loaded: LoadedConfig,
): Promise<DiagnoseParams['integrationAccounts']> => {
  const integration = loaded.config.directory.roster.filter((entry) => entry.role === 'integration');
  if (integration.length === 0) {
    return [];
  }
  const remote = await adapter.listOperators({ candidates: integration, links: [] });
  return integration.flatMap((operator) => {
    const match = remote.find((r) =>
      adapter.operatorModel.matchBy === 'email'
        ? !!operator.email && r.email?.toLowerCase() === operator.email.toLowerCase()
        : adapter.operatorModel.matchBy === 'key'
          ? r.key === operator.key
          : normalizeName(r.name) === normalizeName(operator.name),
    );
    return match ? [{ operator, remoteId: match.remoteId }] : [];
  });
};

interface DoctorReport {
  connectorId: string;
  type: string;
  findings: DoctorFinding[];
}

const diagnose = async (adapter: ChatPlatformAdapter, loaded: LoadedConfig): Promise<DoctorFinding[]> => {
  try {
    await adapter.checkConnection();
    return adapter.diagnose
      ? await adapter.diagnose({ integrationAccounts: await integrationAccountsOn(adapter, loaded) })
      : [];
  } catch (error) {
    return [
      {
        severity: 'error',
        message: loaded.redactor.redact(describeError(error, failureContext(loaded, adapter))),
        fix: 'check baseUrl and credentials (chat-bridge validate --online)',
      },
    ];
  }
};

const printDoctorReport = (report: DoctorReport): void => {
  const { findings } = report;
  printLine(
    `${report.connectorId} (${report.type}): ${findings.length === 0 ? 'no problems found' : `${findings.length} finding(s)`}`,
  );
  for (const finding of findings) {
    printLine(`  ${finding.severity === 'error' ? '✗' : '!'} ${finding.message}`);
    printLine(`    fix: ${finding.fix}`);
  }
};

/** `doctor [--json]`: platform settings that cause the known problems, each with its fix. */
export const doctorCommand = async (loaded: LoadedConfig, options: CheckOptions = {}): Promise<ExitCode> =>
  withAdapters(loaded, async (adapters) => {
    const reports: DoctorReport[] = [];
    for (const adapter of adapters) {
      const report = {
        connectorId: adapter.connectorId,
        type: adapter.type,
        findings: await diagnose(adapter, loaded),
      };
      reports.push(report);
      if (!options.json) {
        printDoctorReport(report);
      }
    }
    const ok = reports.every((r) => r.findings.length === 0);
    if (options.json) {
      printJson({ ok, connectors: reports });
    }
    return ok ? ExitCode.OK : ExitCode.FAILED;
  });
