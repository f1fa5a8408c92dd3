import type { ValidationError } from 'class-validator';
import type { ConfigIssue } from '@app/config/config.error';
import { formatConfigPath, type ConfigPathSegment } from '@app/config/loading/config-path';

// class-validator's own wording for keys no DTO declares (whitelist + forbidNonWhitelisted).
const UNKNOWN_KEY_CONSTRAINT = 'whitelistValidation';
export const UNKNOWN_KEY = 'unknown key';

/** Flattens class-validator's error tree into one issue per failed check, located by YAML path. */
export const toConfigIssues = (
  errors: readonly ValidationError[],
  parent: ConfigPathSegment[] = [],
  parentIsList = false,
): ConfigIssue[] =>
  errors.flatMap((error) => {
    const path = [...parent, parentIsList ? Number(error.property) : error.property];
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      path: formatConfigPath(path),
      message: constraint === UNKNOWN_KEY_CONSTRAINT ? UNKNOWN_KEY : message,
    }));
    return [...own, ...toConfigIssues(error.children ?? [], path, Array.isArray(error.value))];
  });
