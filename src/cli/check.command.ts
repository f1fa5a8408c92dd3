import { ExitCode } from '@app/cli/exit-codes';
import type { LoadedConfig } from '@app/config/load-config';
import { createAdapter } from '@app/platforms/adapter-factories';
import type {
  ChatPlatformAdapter,
  DiagnoseParams,
  DoctorFinding,
} from '@app/platforms/chat-platform.adapter';
import { normalizeName } from '@app/core/normalize';
import { describeError } from '@app/runs/platform-error.handler';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

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

/** `validate [--online]`: the config is valid (else exit 2); online, every connector answers. */
export const validateCommand = async (loaded: LoadedConfig, online: boolean): Promise<ExitCode> => {
  print(
    `configuration OK: ${loaded.path} (${loaded.config.connectors.length} connectors, ${loaded.config.directory.roster.length} roster entries)`,
  );
  if (!online) {
    return ExitCode.OK;
  }
  return withAdapters(loaded, async (adapters) => {
    let failed = 0;
    for (const adapter of adapters) {
      try {
        await adapter.checkConnection();
        print(`  ✓ ${adapter.connectorId} (${adapter.type}) answers`);
      } catch (error) {
        failed++;
        print(
          `  ✗ ${adapter.connectorId} (${adapter.type}): ${loaded.redactor.redact(describeError(error))}`,
        );
      }
    }
    return failed === 0 ? ExitCode.OK : ExitCode.FAILED;
  });
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

/** `doctor`: platform settings that cause the known problems, each with its fix. */
export const doctorCommand = async (loaded: LoadedConfig): Promise<ExitCode> =>
  withAdapters(loaded, async (adapters) => {
    let problems = 0;
    for (const adapter of adapters) {
      let findings: DoctorFinding[];
      try {
        await adapter.checkConnection();
        findings = adapter.diagnose
          ? await adapter.diagnose({ integrationAccounts: await integrationAccountsOn(adapter, loaded) })
          : [];
      } catch (error) {
        findings = [
          {
            severity: 'error',
            message: loaded.redactor.redact(describeError(error)),
            fix: 'check baseUrl and credentials (chat-bridge validate --online)',
          },
        ];
      }
      problems += findings.length;
      print(
        `${adapter.connectorId} (${adapter.type}): ${findings.length === 0 ? 'no problems found' : `${findings.length} finding(s)`}`,
      );
      for (const finding of findings) {
        print(`  ${finding.severity === 'error' ? '✗' : '!'} ${finding.message}`);
        print(`    fix: ${finding.fix}`);
      }
    }
    return problems === 0 ? ExitCode.OK : ExitCode.FAILED;
  });
