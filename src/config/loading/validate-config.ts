import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import type { ConfigIssue } from '@app/config/config.error';
import { BridgeConfigDto } from '@app/config/dto/bridge-config.dto';
import { checkCrossReferences } from '@app/config/loading/check-cross-references';
import { checkLhcUserGroups } from '@app/config/loading/check-lhc-user-groups';
import { toConfigIssues } from '@app/config/loading/validation-issues';

const VALIDATOR_OPTIONS: ValidatorOptions = {
  // Unknown keys are errors: a typo must not silently fall back to a default.
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One message per key is enough; the next one usually restates the first.
  stopAtFirstError: true,
  validationError: { target: false },
};

/** Builds the typed config from the interpolated YAML and returns it with every problem found. */
export const validateConfig = (
  raw: Record<string, unknown>,
): { config: BridgeConfigDto; issues: ConfigIssue[] } => {
  const config = plainToInstance(BridgeConfigDto, raw);
  const issues = [
    ...toConfigIssues(validateSync(config, VALIDATOR_OPTIONS)),
    ...checkCrossReferences(config),
    ...checkLhcUserGroups(config),
  ];
  return { config, issues };
};
