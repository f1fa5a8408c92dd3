import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import { doctorCommand, validateCommand } from '@app/cli/check.command';
import { CliExit, ExitCode } from '@app/cli/exit-codes';
import { loadCliConfig } from '@app/cli/load-cli-config';
import { runOnce } from '@app/cli/run-once.command';
import { simulateCommand } from '@app/cli/simulate.command';

const parseWaitSeconds = (value: string): number => {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds > 3600) {
    throw new InvalidArgumentError('a whole number of seconds from 0 to 3600');
  }
  return seconds;
};
import { startDaemon } from '@app/cli/start.command';

const configOption = () =>
  new Option('-c, --config <path>', 'configuration file (default: $BRIDGE_CONFIG or config/bridge.yaml)');

const buildProgram = (): Command => {
  const program = new Command('chat-bridge')
    .description('Keeps support operators and their statuses in sync across chat platforms')
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
    .action(async (o: { config?: string; online?: boolean }) => {
      process.exitCode = await validateCommand(loadCliConfig(o.config), o.online ?? false);
    });
  program
    .command('plan')
    .description('dry run: print the changes a sync would make')
    .addOption(configOption())
    .option('--connector <id>', 'only this connector')
    .action(async (o: { config?: string; connector?: string }) => {
      process.exitCode = await runOnce(loadCliConfig(o.config), { connector: o.connector, dryRun: true });
    });
  program
    .command('sync')
    .description('reconcile now and print what changed')
    .addOption(configOption())
    .option('--connector <id>', 'only this connector')
    .option('--allow-deletes', 'apply deactivations/deletions beyond the deletion threshold')
    .addOption(
      new Option(
        '--wait <seconds>',
        'wait this long for a connector another run holds (the daemon, a replica)',
      )
        .default(60)
        .argParser(parseWaitSeconds),
    )
    .action(async (o: { config?: string; connector?: string; allowDeletes?: boolean; wait: number }) => {
      process.exitCode = await runOnce(loadCliConfig(o.config), {
        connector: o.connector,
        dryRun: false,
        allowDeletes: o.allowDeletes,
        waitMs: o.wait * 1000,
      });
    });
  program
    .command('doctor')
    .description('find platform settings that cause the known problems')
    .addOption(configOption())
    .action(async (o: { config?: string }) => {
      process.exitCode = await doctorCommand(loadCliConfig(o.config));
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

export const runCli = async (argv: string[]): Promise<void> => {
  // One-shot commands print their own report; the daemon logs through pino instead.
  if (argv[0] !== 'start' && process.env.LOG_LEVEL !== 'debug') {
    Logger.overrideLogger(['warn', 'error']);
  }
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CliExit) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.code;
    } else if (error instanceof CommanderError) {
      // --help and --version are not errors; everything else commander rejects is a usage error.
      process.exitCode = error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    } else {
      process.stderr.write(`chat-bridge: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = ExitCode.FAILED;
    }
  }
};

if (require.main === module) {
  void runCli(process.argv.slice(2));
}
