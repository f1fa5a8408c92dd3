import { type ChatwootAdapter, createChatwootAdapter } from '@app/platforms/chatwoot/chatwoot.adapter';
import { ChatwootSimulator, type ChatwootSimulatorOptions } from '@app/simulator';
import { TEST_CONNECTOR_BASE } from '@app/platforms/testing/connector-base.fixture';
import type { ChatwootConnectorConfig, EvolutionOptions } from '@app/core/config.types';
import type { AdapterContext } from '@app/platforms/adapter-context';
import type { PlatformCallRecord } from '@app/platforms/http/platform-call.types';

/** Shared by the Chatwoot specs and the contract suite. */
export const CHATWOOT_TEST = {
  accountId: 1,
  adminToken: 'admin-token',
  webhookSecret: 'webhook-secret',
  evolutionKey: 'evolution-global-key',
  instance: 'acme-wa',
} as const;

type ConfigOverrides = Partial<Omit<ChatwootConnectorConfig, 'auth' | 'options'>> & {
  auth?: Partial<ChatwootConnectorConfig['auth']>;
  options?: Partial<ChatwootConnectorConfig['options']>;
};

export const chatwootConfig = (
  baseUrl: string,
  overrides: ConfigOverrides = {},
): ChatwootConnectorConfig => ({
  id: 'chatwoot',
  type: 'chatwoot',
  ...TEST_CONNECTOR_BASE,
  webhook: { secret: CHATWOOT_TEST.webhookSecret, insecure: false },
  ...overrides,
  baseUrl,
  auth: { apiAccessToken: CHATWOOT_TEST.adminToken, ...overrides.auth },
  options: { accountId: CHATWOOT_TEST.accountId, inboxes: [], reopenedStatus: 'open', ...overrides.options },
});

export const evolutionOptions = (
  baseUrl: string,
  overrides: Partial<EvolutionOptions> = {},
): EvolutionOptions => ({
  baseUrl,
  apiKey: CHATWOOT_TEST.evolutionKey,
  instance: CHATWOOT_TEST.instance,
  enforce: false,
  ...overrides,
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

export interface ChatwootAdapterHarness {
  sim: ChatwootSimulator;
  sut: ChatwootAdapter;
  /** Starts a fresh simulator and an adapter holding `token`. */
  start(options?: ChatwootSimulatorOptions, token?: string): Promise<void>;
}

/**
 * Registers the hooks every Chatwoot adapter spec needs; after each test, the simulator must not
 * have seen a request the official description rejects.
 */
export const useChatwootAdapter = (): ChatwootAdapterHarness => {
  const harness = {
    start: async (options: ChatwootSimulatorOptions = {}, token: string = CHATWOOT_TEST.adminToken) => {
      harness.sim = new ChatwootSimulator({ adminToken: CHATWOOT_TEST.adminToken, ...options });
      await harness.sim.start();
      harness.sut = createChatwootAdapter(
        chatwootConfig(harness.sim.baseUrl, { auth: { apiAccessToken: token } }),
        recordingContext(),
      );
    },
  } as ChatwootAdapterHarness;
  afterEach(async () => {
    const rejected = harness.sim.validationErrors();
    await harness.sut.close();
    await harness.sim.stop();
    expect(rejected).toEqual([]);
  });
  return harness;
};
