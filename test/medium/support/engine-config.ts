import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig, type LoadedConfig } from '@app/config/load-config';
import type { OperatorRole, OperatorStatus } from '@app/core/operator.types';

/** One `directory.roster` entry as an admin writes it (role and status may be left to their defaults). */
export interface RosterYamlEntry {
  key: string;
  name: string;
  email?: string;
  role?: OperatorRole;
  status?: OperatorStatus;
}

export interface BridgeYamlParams {
  databaseUrl: string;
  roster: readonly RosterYamlEntry[];
  /** A `connectors[]` entry; secrets as `${NAME}` references, resolved from `env`. */
  connector: Record<string, unknown>;
  deletionThreshold?: string | number;
}

/** Anna and John exist nowhere yet; Mike is inactive; the bot is an integration account. */
export const ENGINE_ROSTER: readonly RosterYamlEntry[] = [
  { key: 'anna', name: 'Anna Kovalenko' },
  { key: 'bot', name: 'API Bot', role: 'integration' },
  { key: 'john', name: 'John Smith' },
  { key: 'mike', name: 'Mike Wilson', status: 'inactive' },
  { key: 'sarah', name: 'Sarah Johnson' },
];

/** ENGINE_ROSTER with some statuses changed; `null` removes the entry from the YAML. */
export const rosterWith = (statuses: Record<string, OperatorStatus | null>): RosterYamlEntry[] =>
  ENGINE_ROSTER.filter((entry) => statuses[entry.key] !== null).map((entry) =>
    entry.key in statuses ? { ...entry, status: statuses[entry.key] ?? undefined } : entry,
  );

export const CHATHUB_ORGANIZATION_ID = 24;
export const TENCENT_SDK_APP_ID = 1400000001;
export const TENCENT_ADMIN = 'administrator';

/** A ChatHub connector with its company token taken from `ENGINE_CHATHUB_TOKEN`, as in production. */
export const chatHubConnectorYaml = (baseUrl: string): Record<string, unknown> => ({
  id: 'chathub',
  type: 'smsbat-chathub',
  baseUrl,
  schedule: '1h',
  timeoutMs: 2000,
  rateLimit: 1000,
  auth: { companyToken: '${ENGINE_CHATHUB_TOKEN}' },
  options: { organizationId: CHATHUB_ORGANIZATION_ID },
});

/** A Tencent Chat connector (no Desk, empty UserID prefix) with its secrets from the environment. */
export const tencentConnectorYaml = (baseUrl: string): Record<string, unknown> => ({
  id: 'tencent',
  type: 'tencent-chat',
  baseUrl,
  schedule: '1h',
  timeoutMs: 2000,
  rateLimit: 1000,
  auth: { sdkAppId: TENCENT_SDK_APP_ID, identifier: TENCENT_ADMIN, secretKey: '${ENGINE_TENCENT_SECRET}' },
  webhook: { token: '${ENGINE_TENCENT_CALLBACK_TOKEN}' },
  options: { userIdPrefix: '' },
});

/**
 * Writes `bridge.yaml` into `dir` and loads it the way the daemon does (interpolation, validation,
 * redactor), so the engine under test sees exactly what a real start would give it.
 */
export const loadBridgeYaml = (
  dir: string,
  params: BridgeYamlParams,
  env: Record<string, string>,
): LoadedConfig => {
  const path = join(dir, 'bridge.yaml');
  const document = {
    database: { url: params.databaseUrl },
    directory: {
      source: 'roster',
      unmanaged: 'report',
      deletionThreshold: params.deletionThreshold ?? '20%',
      roster: params.roster,
    },
    connectors: [params.connector],
  };
  writeFileSync(path, stringify(document));
  return loadConfig({ path, env });
};
