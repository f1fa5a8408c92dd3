import { waitFor } from '../../e2e/support/daemon-process';

/** One pino line of the daemon (LOG_FORMAT unset: JSON, one object a line). */
export interface LogLine {
  level: number;
  msg: string;
  context?: string;
  reqUrl?: string;
  status?: number;
  stack?: string;
  raw: string;
}

const ERROR_LEVEL = 50;
// The daemon writes pino's level labels; older lines carried the numbers.
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const levelOf = (level: unknown): number =>
  typeof level === 'number' ? level : (LEVELS[String(level)] ?? 30);

/** Reads the daemon's output from an offset on; request windows are cut by offset. */
export class DaemonLog {
  constructor(private readonly output: () => string) {}

  get offset(): number {
    return this.output().length;
  }

  lines(from: number, to = this.offset): LogLine[] {
    return this.output()
      .slice(from, to)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(parseLine);
  }

  errors(from: number, to = this.offset): LogLine[] {
    return this.lines(from, to).filter((line) => line.level >= ERROR_LEVEL);
  }

  /**
   * The error line(s) a 5xx left: pino-http writes its "request errored/completed" line when the
   * response finishes, which may reach our pipe after the client saw the status, so we poll for
   * that line (bounded) instead of sleeping. The exception filter's stack comes before it.
   */
  async errorOf(from: number, path: string): Promise<LogLine[]> {
    const pathOnly = path.split('?')[0];
    await waitFor(
      () =>
        this.lines(from).some((line) => line.status !== undefined && line.status >= 500) ? true : undefined,
      `the daemon's log line of a 5xx on ${pathOnly.slice(0, 80)}`,
      5_000,
    ).catch(() => undefined);
    const errors = this.errors(from);
    const withStack = errors.filter((line) => line.status === undefined);
    return withStack.length > 0 ? withStack : errors;
  }

  tail(chars = 3000): string {
    return this.output().slice(-chars);
  }
}

const parseLine = (raw: string): LogLine => {
  try {
    const json = JSON.parse(raw) as Record<string, any>;
    const err = json.err as { message?: string; stack?: string; type?: string } | undefined;
    const msg = typeof json.msg === 'string' ? json.msg : String(json.msg ?? '');
    return {
      level: levelOf(json.level),
      msg,
      context: typeof json.context === 'string' ? json.context : undefined,
      reqUrl: typeof json.req?.url === 'string' ? json.req.url : undefined,
      status: typeof json.res?.statusCode === 'number' ? json.res.statusCode : undefined,
      stack: err?.stack ?? (msg.includes('\n    at ') ? msg : undefined),
      raw,
    };
  } catch {
    // Not JSON: a crash trace or a print before the logger existed; treat as an error line.
    return { level: /error|exception/i.test(raw) ? ERROR_LEVEL : 30, msg: raw, raw };
  }
};

/**
 * What makes two failures "the same": the status and the first line of the daemon's error, with
 * the input-dependent parts (numbers, quoted values, long tokens) blanked out.
 */
export const normalizeError = (text: string): string =>
  text
    .split('\n')[0]
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/[0-9a-f]{16,}/gi, 'H')
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, 'N')
    .replace(/\S{60,}/g, 'LONG')
    .slice(0, 200);
