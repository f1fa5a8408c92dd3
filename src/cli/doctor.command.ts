import { failureContext, withAdapters, type CheckOptions } from '@app/cli/check.command';
import { printJson, printLine } from '@app/cli/cli-output';
import { ExitCode } from '@app/cli/exit-codes';
import { formatConfigIssue } from '@app/config/config.error';
import type { LoadedConfig } from '@app/config/load-config';
import { normalizeName } from '@app/core/normalize';
import type {
  ChatPlatformAdapter,
  DiagnoseParams,
  DoctorFinding,
} from '@app/platforms/chat-platform.adapter';
import { describeError } from '@app/runs/platform-error.handler';
import { integrationEntries, unmatchedIntegrationMessage } from '@app/cli/integration-accounts';

/** The roster's integration accounts that exist on this platform, matched as a sync would. */
const integrationAccountsOn = async (
  adapter: ChatPlatformAdapter,
  loaded: LoadedConfig,
): Promise<DiagnoseParams['integrationAccounts']> => {
  const integration = integrationEntries(loaded).map(({ entry }) => entry);
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

interface Diagnosis {
  findings: DoctorFinding[];
  /** Keys of the integration accounts found on the platform; undefined when it could not be asked. */
  integrationFound?: string[];
}

const diagnose = async (adapter: ChatPlatformAdapter, loaded: LoadedConfig): Promise<Diagnosis> => {
  try {
    await adapter.checkConnection();
    const integrationAccounts = await integrationAccountsOn(adapter, loaded);
    const findings = adapter.diagnose ? await adapter.diagnose({ integrationAccounts }) : [];
    return { findings, integrationFound: integrationAccounts.map((a) => a.operator.key) };
  } catch (error) {
    const message = loaded.redactor.redact(describeError(error, failureContext(loaded, adapter)));
    return {
      findings: [{ severity: 'error', message, fix: 'see "next" above, then run chat-bridge doctor again' }],
    };
  }
};

/**
 * An integration account found on none of the platforms that answered is left unlinked, so
 * nothing keeps chats away from it: almost always a typo in its e-mail.
 */
const configurationFindings = (
  loaded: LoadedConfig,
  found: ReadonlyMap<string, string[] | undefined>,
): DoctorFinding[] => {
  const asked = [...found].filter(([, keys]) => keys !== undefined).map(([id]) => id);
  const unmatched =
    asked.length === 0
      ? []
      : integrationEntries(loaded).filter(({ entry }) =>
          asked.every((id) => !found.get(id)?.includes(entry.key)),
        );
  return [
    ...loaded.warnings.map((warning) => ({
      severity: 'warning' as const,
      message: formatConfigIssue(warning),
      fix: `edit ${loaded.path} as the message says (chat-bridge validate lists the same)`,
    })),
    ...unmatched.map(({ entry, index }) => ({
      severity: 'warning' as const,
      message: unmatchedIntegrationMessage(entry, index, asked),
      fix: `set its ${entry.email === undefined ? 'email (or name)' : 'email'} to the API user's on the platform, then run chat-bridge plan`,
    })),
  ];
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

/**
 * `doctor [--json]`: platform settings that cause the known problems, each with its fix; then the
 * configuration's own (its warnings, integration accounts found nowhere).
 */
export const doctorCommand = async (loaded: LoadedConfig, options: CheckOptions = {}): Promise<ExitCode> =>
  withAdapters(loaded, async (adapters) => {
    const reports: DoctorReport[] = [];
    const found = new Map<string, string[] | undefined>();
    for (const adapter of adapters) {
      const { findings, integrationFound } = await diagnose(adapter, loaded);
      found.set(adapter.connectorId, integrationFound);
      const report = { connectorId: adapter.connectorId, type: adapter.type, findings };
      reports.push(report);
      if (!options.json) {
        printDoctorReport(report);
      }
    }
    const configuration = { path: loaded.path, findings: configurationFindings(loaded, found) };
    if (!options.json) {
      printDoctorReport({
        connectorId: 'configuration',
        type: loaded.path,
        findings: configuration.findings,
      });
    }
    const ok = [...reports, configuration].every((r) => r.findings.length === 0);
    if (options.json) {
      printJson({ ok, connectors: reports, configuration });
    }
    return ok ? ExitCode.OK : ExitCode.FAILED;
  });
