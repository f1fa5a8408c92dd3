/** One problem found in the configuration, located by its YAML path (`connectors[2].options.organizationId`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

export const formatConfigIssue = (issue: ConfigIssue): string => `${issue.path}: ${issue.message}`;

/**
 * Raised by `loadConfig` with every problem found at once; the CLI prints the message (one issue per
 * line) and exits 2. Messages name paths and variables, never values, so they are safe to log.
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
