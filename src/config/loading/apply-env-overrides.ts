import type { ConfigIssue } from '@app/config/config.error';

export interface EnvOverrides {
  /** YAML paths whose value now comes from the environment. */
  paths: string[];
  issues: ConfigIssue[];
}

const section = (raw: Record<string, unknown>, key: string): Record<string, unknown> | undefined => {
  raw[key] ??= {};
  const value = raw[key];
  // A section that is not a mapping is reported by validation; there is nothing to override in it.
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
};

/** `DATABASE_URL` → database.url and `PORT` → server.port, applied after interpolation. */
export const applyEnvOverrides = (raw: Record<string, unknown>, env: NodeJS.ProcessEnv): EnvOverrides => {
  const overrides: EnvOverrides = { paths: [], issues: [] };
  const databaseUrl = env.DATABASE_URL;
  const database = databaseUrl ? section(raw, 'database') : undefined;
  if (databaseUrl && database) {
    database.url = databaseUrl;
    overrides.paths.push('database.url');
  }
  const port = env.PORT?.trim();
  if (port) {
    overrides.paths.push('server.port');
    const server = section(raw, 'server');
    if (!/^\d+$/.test(port)) {
      overrides.issues.push({
        path: 'server.port',
        message: 'environment variable PORT must be a whole number',
      });
    } else if (server) {
      server.port = Number(port);
    }
  }
  return overrides;
};
