import { TEST_CONNECTOR_BASE } from '@app/platforms/testing/connector-base.fixture';
import type { TencentChatConnectorConfig } from '@app/core/config.types';
import type { AdapterContext } from '@app/platforms/adapter-context';
import type { PlatformCallRecord } from '@app/platforms/http/platform-call.types';

/** Shared by the Tencent specs: one app, its admin and key, as the simulator is started with. */
export const TEST_APP = {
  sdkAppId: 1400000000,
  identifier: 'administrator',
  secretKey: 'test-secret-key',
} as const;

type ConfigOverrides = Partial<Omit<TencentChatConnectorConfig, 'auth' | 'options'>> & {
  auth?: Partial<TencentChatConnectorConfig['auth']>;
  options?: Partial<TencentChatConnectorConfig['options']>;
};

export const tencentConfig = (
  baseUrl: string,
  overrides: ConfigOverrides = {},
): TencentChatConnectorConfig => ({
  id: 'tencent',
  type: 'tencent-chat',
  ...TEST_CONNECTOR_BASE,
  webhook: { token: 'callback-token', insecure: false },
  ...overrides,
  baseUrl,
  auth: { ...TEST_APP, ...overrides.auth },
  options: {
    userIdPrefix: '',
    desk: false,
    assignment: { strategy: 'least-busy', maxAgents: 3 },
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
