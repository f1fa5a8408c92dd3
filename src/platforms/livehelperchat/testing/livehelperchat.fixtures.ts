import { TEST_CONNECTOR_BASE } from '@app/platforms/testing/connector-base.fixture';
import type { LiveHelperChatConnectorConfig } from '@app/core/config.types';
import type { DesiredOperator } from '@app/core/operator.types';
import type { AdapterContext } from '@app/platforms/adapter-context';
import type { PlatformCallRecord } from '@app/platforms/http/platform-call.types';

/** The connector's API account and key, as the simulator is seeded with them. */
export const TEST_API = { username: 'bridge', apiKey: 'test-api-key' } as const;
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret';
/** `options.reassertIntegrationEvery` when the YAML leaves it out. */
export const LHC_REASSERT_DEFAULT = { ms: 86_400_000, text: '24h' } as const;

type ConfigOverrides = Partial<Omit<LiveHelperChatConnectorConfig, 'auth' | 'options'>> & {
  auth?: Partial<LiveHelperChatConnectorConfig['auth']>;
  options?: Partial<LiveHelperChatConnectorConfig['options']>;
};

export const lhcConfig = (
  baseUrl: string,
  overrides: ConfigOverrides = {},
): LiveHelperChatConnectorConfig => ({
  id: 'lhc',
  type: 'livehelperchat',
  ...TEST_CONNECTOR_BASE,
  webhook: { secret: TEST_WEBHOOK_SECRET, insecure: false },
  ...overrides,
  baseUrl,
  auth: { ...TEST_API, ...overrides.auth },
  options: {
    departments: [1, 2],
    userGroups: [3],
    reassertIntegrationEvery: LHC_REASSERT_DEFAULT,
    ...overrides.options,
  },
});

/** An adapter context that records secrets and calls instead of sending them anywhere. */
export const recordingContext = (): AdapterContext & { secrets: string[]; calls: PlatformCallRecord[] } => {
  const secrets: string[] = [];
  const calls: PlatformCallRecord[] = [];
  return {
    secrets,
    calls,
    redactor: { redact: (text: string) => text },
    registerSecret: (value: string) => secrets.push(value),
    observer: (call: PlatformCallRecord) => calls.push(call),
    retryBackoffMs: 1,
  };
};

export const operator = (key: string, overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key,
  name: `Name ${key}`,
  email: `${key}@example.com`,
  role: 'agent',
  status: 'active',
  ...overrides,
});

/** A fixed, movable clock for the simulator (ms). */
export const testClock = (start = Date.UTC(2026, 0, 5, 9, 0, 0)) => {
  let now = start;
  return {
    now: () => now,
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
};
