/** 0 ok, 1 the work failed, 2 bad config or usage. */
export const ExitCode = { OK: 0, FAILED: 1, USAGE: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown by commands to end the process with a code and a message for stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
    /** The error's code in a `--json` document, as the admin API spells them. */
    readonly reason = code === ExitCode.USAGE ? 'USAGE' : 'FAILED',
    /**
     * `reported`: with `--json` the command already printed its document, which says what went
     * wrong; `details`: what a `--json` error document carries besides code and message.
     */
    readonly options: { reported?: boolean; details?: unknown } = {},
  ) {
    super(message);
  }
}
