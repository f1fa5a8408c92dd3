import { redactCliLogs } from '@app/cli/cli-logger';
import { CliExit, ExitCode } from '@app/cli/exit-codes';
import { ConfigError } from '@app/config/config.error';
import { LoadedConfig, loadConfig } from '@app/config/load-config';

export const DEFAULT_CONFIG_PATH = 'config/bridge.yaml';

/** `--config`, then `BRIDGE_CONFIG`, then the default; every config problem is exit code 2. */
export const loadCliConfig = (configPath: string | undefined): LoadedConfig => {
  const path = configPath ?? process.env.BRIDGE_CONFIG ?? DEFAULT_CONFIG_PATH;
  try {
    const loaded = loadConfig({ path, env: process.env });
    redactCliLogs(loaded.redactor);
    return loaded;
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliExit(ExitCode.USAGE, `invalid configuration (${path}):\n${error.message}`, error.code, {
        details: error.issues,
      });
    }
    throw error;
  }
};
