/** One problem found in the configuration, located by its YAML path (`connectors[chatwoot].options.accountId`). */
export interface ConfigIssue {
  path: string;
  message: string;
  /** Where the key (or, when it is missing, its nearest parent) sits in the file; 1-based. */
  line?: number;
  column?: number;
  /** The offending value as written, quoted; secrets are shown as `${NAME}` or not at all. */
  value?: string;
}

/** `connectors[lhc].timeoutMs (line 15:16): must be an integer between 100 and 120000 (got 5)`. */
export const formatConfigIssue = (issue: ConfigIssue): string => {
  const where = issue.line === undefined ? '' : ` (line ${issue.line}:${issue.column ?? 1})`;
  const got = issue.value === undefined ? '' : ` (got ${issue.value})`;
  return `${issue.path}${where}: ${issue.message}${got}`;
};

/**
 * Raised by `loadConfig` with every problem found at once; the CLI prints the message (one issue per
 * line) and exits 2. Values of secret keys are never quoted, so the message is safe to log.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatConfigIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
