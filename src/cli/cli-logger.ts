import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

import { pinoOptions, pinoStream } from '@app/common/pino-options';
import type { TextRedactor } from '@app/platforms/http/platform-call.types';

// Until the configuration is read, no secret is known.
let secrets: TextRedactor = { redact: (text: string) => text };

/** Once the configuration is read, its secrets are cut out of what the CLI logs, as the daemon does. */
export const redactCliLogs = (redactor: TextRedactor): void => {
  secrets = redactor;
};

type NestLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';

const PINO_LEVEL: Record<NestLevel, 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal'> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'fatal',
};

/**
 * What one-shot commands log, in the daemon's format (JSON with string levels, or
 * `LOG_FORMAT=pretty`), on stderr: stdout holds the command's report or its `--json` document.
 * Warnings and errors only, unless `LOG_LEVEL` says otherwise.
 */
export class CliLogger implements LoggerService {
  private readonly pino: Logger;

  /** `stream`: where JSON lines go (stderr unless a test says otherwise). */
  constructor(stream = pinoStream('stderr')) {
    const redactor = { redact: (text: string) => secrets.redact(text) };
    const options = pinoOptions(redactor, { destination: 'stderr', level: 'warn' });
    this.pino = stream ? pino(options, stream) : pino(options);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  // Nest's calling convention: the last string parameter is the context; an error's stack comes first.
  private write(level: NestLevel, message: unknown, params: unknown[]): void {
    const target = PINO_LEVEL[level];
    if (!this.pino.isLevelEnabled(target)) {
      return;
    }
    const last = params[params.length - 1];
    const context = typeof last === 'string' ? last : undefined;
    const stack =
      level === 'error' && params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      this.pino[target]({ ...fields, ...(message as Record<string, unknown>) });
    } else if (message instanceof Error) {
      this.pino[target]({ ...fields, err: message }, message.message);
    } else {
      this.pino[target](fields, String(message));
    }
  }
}
