import { readFileSync } from 'node:fs';
import type { Document } from 'yaml';
import { ConfigError, type ConfigIssue } from '@app/config/config.error';
import type { BridgeConfig } from '@app/core/config.types';
import { applyEnvOverrides } from '@app/config/loading/apply-env-overrides';
import { dropNullValues } from '@app/config/loading/drop-null-values';
import { interpolateEnv } from '@app/config/loading/interpolate-env';
import { locateIssues, namedConnectorPath } from '@app/config/loading/locate-issues';
import { checkWarnings } from '@app/config/loading/check-warnings';
import { parseConfigYaml } from '@app/config/loading/parse-config-yaml';
import { validateConfig } from '@app/config/loading/validate-config';
import { SecretRedactor } from '@app/config/secret-redactor';
import { collectSecrets } from '@app/config/collect-secrets';

export interface LoadConfigParams {
  /** Path of the YAML file (config/bridge.yaml, or BRIDGE_CONFIG). */
  path: string;
  /** Variables for `${NAME}` references and the DATABASE_URL / PORT overrides. */
  env: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: BridgeConfig;
  /** Knows every secret in `config`; use it on anything logged or returned. */
  redactor: SecretRedactor;
  path: string;
  /** Settings that validate but quietly disable part of the bridge; shown by validate, doctor and start. */
  warnings: ConfigIssue[];
  /** YAML path (`connectors[chatwoot].auth.apiAccessToken`) → the `${NAME}` text that supplied its value. */
  references: ReadonlyMap<string, string>;
}

const readText = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'configuration file not found' : `cannot read the configuration file (${code})`;
    throw new ConfigError([{ path, message }]);
  }
};

const toPlain = (document: Document, path: string): unknown => {
  try {
    return document.toJS() ?? {};
  } catch (error) {
    // yaml refuses documents that expand aliases without bound ("billion laughs").
    throw new ConfigError([{ path, message: `cannot be read as data: ${(error as Error).message}` }]);
  }
};

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Each key is reported once, by the first stage that found a problem with it (a missing variable
// explains the "is required" that validation would add at the same path).
const firstPerPath = (issues: ConfigIssue[]): ConfigIssue[] => {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
};

/**
 * Reads, interpolates, overrides and validates the configuration, once, at start. Throws a
 * ConfigError listing every problem (YAML syntax, missing variables, invalid values) at once.
 */
export const loadConfig = (params: LoadConfigParams): LoadedConfig => {
  const { path, env } = params;
  const parsed = parseConfigYaml({ text: readText(path), path });
  if (!parsed.ok) {
    // The structure is unknown past a syntax error; validating it would only add noise.
    throw new ConfigError(parsed.issues);
  }
  const references = new Map<string, string>();
  const envIssues = interpolateEnv(parsed.document, env, references);
  const raw = dropNullValues(toPlain(parsed.document, path));
  if (!isMapping(raw)) {
    throw new ConfigError([
      { path, message: 'must contain a mapping of settings (server, database, connectors, …)' },
    ]);
  }
  const overrides = applyEnvOverrides(raw, env);
  const { config, issues } = validateConfig(raw);
  const all = firstPerPath([
    ...envIssues.filter((issue) => !overrides.paths.includes(issue.path)),
    ...overrides.issues,
    ...issues,
  ]);
  const { document, lineCounter } = parsed;
  const redactor = new SecretRedactor(collectSecrets(config));
  const locate = (found: ConfigIssue[]) =>
    locateIssues(found, { document, lineCounter, config, references, redactor });
  if (all.length > 0) {
    throw new ConfigError(locate(all));
  }
  const named = new Map([...references].map(([key, text]) => [namedConnectorPath(key, config), text]));
  return { config, redactor, path, warnings: locate(checkWarnings(config)), references: named };
};
