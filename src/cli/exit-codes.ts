/** DESIGN.md §2.1: 0 ok, 1 the work failed, 2 bad config or usage. */
export const ExitCode = { OK: 0, FAILED: 1, USAGE: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown by commands to end the process with a code and a message for stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
