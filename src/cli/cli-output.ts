import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/** One-shot commands: the report (text or `--json`) on stdout, everything logged on stderr. */
export class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

export const cliLogLevels = (): LogLevel[] =>
  process.env.LOG_LEVEL === 'debug' ? ['log', 'error', 'warn', 'debug', 'verbose'] : ['warn', 'error'];

export const printLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** `--json`: the command's one document, on stdout. */
export const printJson = (document: unknown): void => {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
};
