import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import type { ConfigIssue } from '@app/config/config.error';
import { BridgeConfigDto } from '@app/config/dto/bridge-config.dto';
import { checkCrossReferences } from '@app/config/loading/check-cross-references';
import { checkLhcUserGroups } from '@app/config/loading/check-lhc-user-groups';
import { parseConfigPath } from '@app/config/loading/config-path';
import { closestKey, knownKeysAt } from '@app/config/loading/suggest-key';
import { toConfigIssues, UNKNOWN_KEY } from '@app/config/loading/validation-issues';

const VALIDATOR_OPTIONS: ValidatorOptions = {
  // Unknown keys are errors: a typo must not silently fall back to a default.
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One message per key is enough; the next one usually restates the first.
  stopAtFirstError: true,
  validationError: { target: false },
};

// `deletionTreshold: 10%` is far more often a typo than a key from another version.
const suggestKnownKey =
  (config: BridgeConfigDto) =>
  (issue: ConfigIssue): ConfigIssue => {
    if (issue.message !== UNKNOWN_KEY) {
      return issue;
    }
    const segments = parseConfigPath(issue.path);
    const key = segments.at(-1);
    const known =
      typeof key === 'string' ? closestKey(key, knownKeysAt(config, segments.slice(0, -1))) : undefined;
    return known ? { ...issue, message: `${UNKNOWN_KEY}; did you mean \`${known}\`?` } : issue;
  };

/** Builds the typed config from the interpolated YAML and returns it with every problem found. */
export const validateConfig = (
  raw: Record<string, unknown>,
): { config: BridgeConfigDto; issues: ConfigIssue[] } => {
  const config = plainToInstance(BridgeConfigDto, raw);
  const issues = [
    ...toConfigIssues(validateSync(config, VALIDATOR_OPTIONS)).map(suggestKnownKey(config)),
    ...checkCrossReferences(config),
    ...checkLhcUserGroups(config),
  ];
  return { config, issues };
};
