import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import { isPlainText } from '@app/admin/plain-text';
import { validateCommand } from '@app/cli/check.command';
import { doctorCommand } from '@app/cli/doctor.command';
import { CliLogger } from '@app/cli/cli-logger';
import { printJson } from '@app/cli/cli-output';
import { CliExit, ExitCode } from '@app/cli/exit-codes';
import { loadCliConfig } from '@app/cli/load-cli-config';
import { packageVersion } from '@app/core/package-version';
import { runOnce } from '@app/cli/run-once.command';
import { simulateCommand } from '@app/cli/simulate.command';
import { startDaemon } from '@app/cli/start.command';

const parseWaitSeconds = (value: string): number => {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds > 3600) {
    throw new InvalidArgumentError('a whole number of seconds from 0 to 3600');
  }
  return seconds;
};

const parseOperatorKey = (value: string): string => {
  if (value.length === 0 || value.length > 128 || !isPlainText(value)) {
    throw new InvalidArgumentError('an operator key (1 to 128 characters)');
  }
  return value;
};

const configOption = () =>
  new Option('-c, --config <path>', 'configuration file (default: $BRIDGE_CONFIG or config/bridge.yaml)');
const jsonOption = () => new Option('--json', 'print one JSON document on stdout (logs stay on stderr)');
const operatorOption = () =>
  new Option('--operator <key>', 'only this operator (provision on demand)').argParser(parseOperatorKey);

interface RunCommandOptions {
  config?: string;
  connector?: string;
  operator?: string;
  json?: boolean;
}

/** The commander program: every command and flag of `chat-bridge`, as the README's CLI table lists them. */
export const buildProgram = (): Command => {
  const program = new Command('chat-bridge')
    .description('Keeps support operators and their statuses in sync across chat platforms')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('start')
    .description('run the daemon')
    .addOption(configOption())
    .action(async (o: { config?: string }) => {
      await startDaemon(loadCliConfig(o.config));
    });
  program
    .command('validate')
    .description('check the configuration (and, with --online, every connector)')
    .addOption(configOption())
    .option('--online', 'also call every connector')
    .addOption(jsonOption())
    .action(async (o: { config?: string; online?: boolean; json?: boolean }) => {
      process.exitCode = await validateCommand(loadCliConfig(o.config), o.online ?? false, { json: o.json });
    });
  program
    .command('plan')
    .description('dry run: print the changes a sync would make')
    .addOption(configOption())
    .option('--connector <id>', 'only this connector')
    .addOption(operatorOption())
    .addOption(jsonOption())
    .action(async (o: RunCommandOptions) => {
      process.exitCode = await runOnce(loadCliConfig(o.config), { ...o, dryRun: true });
    });
  program
    .command('sync')
    .description('reconcile now and print what changed')
    .addOption(configOption())
    .option('--connector <id>', 'only this connector')
    .addOption(operatorOption())
    .option('--allow-deletes', 'apply deactivations/deletions beyond the deletion threshold')
    .addOption(
      new Option(
        '--wait <seconds>',
        'wait this long for a connector another run holds (the daemon, a replica)',
      )
        .default(60)
        .argParser(parseWaitSeconds),
    )
    .addOption(jsonOption())
    .action(async (o: RunCommandOptions & { allowDeletes?: boolean; wait: number }) => {
      const { wait, ...options } = o;
      process.exitCode = await runOnce(loadCliConfig(o.config), {
        ...options,
        dryRun: false,
        waitMs: wait * 1000,
      });
    });
  program
    .command('doctor')
    .description('find platform settings that cause the known problems')
    .addOption(configOption())
    .addOption(jsonOption())
    .action(async (o: { config?: string; json?: boolean }) => {
      process.exitCode = await doctorCommand(loadCliConfig(o.config), { json: o.json });
    });
  program
    .command('simulate')
    .description('run only the loopback platform simulators of the config')
    .addOption(configOption())
    .action(async (o: { config?: string }) => {
      await simulateCommand(loadCliConfig(o.config));
    });
  return program;
};

// A failure of a `--json` command is a JSON document too, shaped like the admin API's errors.
const reportFailure = (json: boolean, code: string, message: string, details?: unknown): void => {
  if (json) {
    printJson({ ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } });
  }
  process.stderr.write(`${message}\n`);
};

export const runCli = async (argv: string[]): Promise<void> => {
  // One-shot commands print their own report on stdout; what they log goes to stderr.
  if (argv[0] !== 'start') {
    Logger.overrideLogger(new CliLogger());
  }
  const json = argv.includes('--json');
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CliExit) {
      if (error.options.reported) {
        process.stderr.write(`${error.message}\n`);
      } else {
        reportFailure(json, error.reason, error.message, error.options.details);
      }
      process.exitCode = error.code;
    } else if (error instanceof CommanderError) {
      // --help and --version are not errors; everything else commander rejects is a usage error.
      process.exitCode = error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      if (json) {
        printJson({ ok: false, error: { code: 'FAILED', message } });
      }
      process.stderr.write(`chat-bridge: ${message}\n`);
      process.exitCode = ExitCode.FAILED;
    }
  }
};

if (require.main === module) {
  void runCli(process.argv.slice(2));
}
