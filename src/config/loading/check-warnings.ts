import type { ConfigIssue } from '@app/config/config.error';
import { ROSTER_SOURCE } from '@app/config/dto/directory-config.dto';
import type { BridgeConfig, ConnectorConfig, ConnectorType } from '@app/core/config.types';

type WebhookKey = 'secret' | 'token';

/** Which `webhook` key each platform's webhooks are verified with, and what to set it to. */
const WEBHOOK_KEYS: { [T in ConnectorType]: { key: WebhookKey; fix: string } | undefined } = {
  chatwoot: {
    key: 'secret',
    fix: 'set it to the secret Chatwoot shows for the account webhook (Settings → Integrations → Webhooks), or set webhook.insecure: true for a Chatwoot that signs nothing (4.11 and older)',
  },
  livehelperchat: {
    key: 'secret',
    fix: 'set it to the secret the LHC "Rest API" action sends as X-Bridge-Secret, or remove the webhook from LHC if you rely on the schedule alone',
  },
  'tencent-chat': {
    key: 'token',
    fix: 'set it to the callback token of the Chat console (Callback configuration)',
  },
  // ChatHub sends no webhooks: the schedule is the only way in.
  'smsbat-chathub': undefined,
};

const at = (index: number, key: string) => `connectors[${index}].${key}`;

const webhookWarnings = (connector: ConnectorConfig, index: number): ConfigIssue[] => {
  const expected = WEBHOOK_KEYS[connector.type];
  const { webhook } = connector;
  const warnings: ConfigIssue[] = [];
  for (const key of ['secret', 'token'] as const) {
    if (webhook[key] !== undefined && expected?.key !== key) {
      const instead = expected ? `; did you mean webhook.${expected.key}?` : ': it receives no webhooks';
      warnings.push({
        path: at(index, `webhook.${key}`),
        message: `is not used by ${connector.type} connectors${instead}`,
      });
    }
  }
  if (expected && webhook[expected.key] === undefined && !webhook.insecure) {
    warnings.push({
      path: at(index, `webhook.${expected.key}`),
      message: `is not set, so every webhook to /webhooks/${connector.id} is refused with 401: ${expected.fix}`,
    });
  }
  if (webhook.insecure && expected) {
    warnings.push({
      path: at(index, 'webhook.insecure'),
      message: `is true: webhooks to /webhooks/${connector.id} are accepted without any check; anyone who can reach the URL can send events`,
    });
  }
  return warnings;
};

const chatwootWarnings = (connector: ConnectorConfig, index: number): ConfigIssue[] =>
  connector.type === 'chatwoot' &&
  connector.options.inboxes.length === 0 &&
  connector.options.reopenedStatus === 'open'
    ? [
        {
          path: at(index, 'options.inboxes'),
          message:
            'is empty, so no reopened conversation is ever set back to open (operators and availability still sync): list the ids of the inboxes to watch, or set options.reopenedStatus: keep to say that is intended',
        },
      ]
    : [];

const directoryWarnings = (config: BridgeConfig): ConfigIssue[] => {
  const { source, roster, unmanaged } = config.directory;
  const warnings: ConfigIssue[] = [];
  if (source !== ROSTER_SOURCE && roster.length > 0) {
    warnings.push({
      path: 'directory.roster',
      message: `is ignored: directory.source is "${source}", so the operators come from that connector; remove the roster or set directory.source: ${ROSTER_SOURCE}`,
    });
  }
  if (source === ROSTER_SOURCE && roster.length === 0 && config.connectors.length > 0) {
    warnings.push({
      path: 'directory.roster',
      message: `is empty: every remote account will be reported as unmanaged${unmanaged === 'deactivate' ? ' and deactivated' : ''}; list the operators, or set directory.source to the connector that holds them`,
    });
  }
  if (config.connectors.some((c) => c.id === source && !c.enabled)) {
    warnings.push({
      path: 'directory.source',
      message: `names connector "${source}", which is disabled: its operator list is never read again, so the directory stays as it was last imported`,
    });
  }
  return warnings;
};

/**
 * Settings that validate but quietly make part of the bridge do nothing (a webhook refused with
 * 401, a rule with nothing to act on). Reported by `validate`, `doctor` and once at start.
 */
export const checkWarnings = (config: BridgeConfig): ConfigIssue[] => [
  ...(config.server.adminToken === undefined
    ? [
        {
          path: 'server.adminToken',
          message: 'is not set: the admin API (/api/*) and the console answer 403 until it is',
        },
      ]
    : []),
  ...directoryWarnings(config),
  ...config.connectors.flatMap((connector, index) =>
    connector.enabled ? [...webhookWarnings(connector, index), ...chatwootWarnings(connector, index)] : [],
  ),
];
