export const printLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** `--json`: the command's one document, on stdout. */
export const printJson = (document: unknown): void => {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
};
