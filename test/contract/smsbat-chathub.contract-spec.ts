import type { ChatHubConnectorConfig } from '@app/core/config.types';
import type { OperatorStatus } from '@app/core/operator.types';
import { createAdapter } from '@app/platforms/adapter-factories';
import { normalizeName } from '@app/core/normalize';
import { CHATHUB_ROUTES, ChatHubSimulator, type RouteKey } from '@app/simulator';

import {
  type ContractFault,
  type ContractRoute,
  describeChatPlatformContract,
} from './chat-platform.contract';
import { injectHttpFault, injectLatency, pendingRequests } from './support/http-faults';

const ORGANIZATION_ID = 24;
const STATUS_CODES: Record<OperatorStatus, 0 | 1 | 2> = { active: 0, inactive: 1, deleted: 2 };
const STATUSES: OperatorStatus[] = ['active', 'inactive', 'deleted'];
const ROUTES: Record<ContractRoute, RouteKey> = {
  list: CHATHUB_ROUTES.operators,
  create: CHATHUB_ROUTES.synchronize,
  update: CHATHUB_ROUTES.status,
};

const connectorConfig = (
  baseUrl: string,
  companyToken: string,
  timeoutMs = 2000,
): ChatHubConnectorConfig => ({
  id: 'chathub',
  type: 'smsbat-chathub',
  enabled: true,
  baseUrl,
  timeoutMs,
  schedule: { kind: 'interval', ms: 60_000, text: '1m' },
  rateLimit: 1000,
  allowDeletes: false,
  webhook: { insecure: false },
  auth: { companyToken },
  options: { organizationId: ORGANIZATION_ID },
});

const context = {
  redactor: { redact: (text: string) => text },
  registerSecret: () => undefined,
  observer: () => undefined,
  retryBackoffMs: 10,
};

describeChatPlatformContract(
  'SMSBat ChatHub',
  () => {
    const simulator = new ChatHubSimulator({ companyKeys: ['good-token'] });
    return {
      start: async () => {
        simulator.seed({ organizations: [{ id: ORGANIZATION_ID, name: 'Support' }] });
        await simulator.start();
      },
      stop: () => simulator.stop(),
      adapter: (options) =>
        createAdapter(
          connectorConfig(
            simulator.baseUrl,
            options?.badCredentials ? 'wrong-token' : 'good-token',
            options?.timeoutMs,
          ),
          context,
        ),
      seedOperator: async ({ name, status }) => {
        simulator.seed({
          operators: [{ name, organizationId: ORGANIZATION_ID, status: STATUS_CODES[status ?? 'active'] }],
        });
        const seeded = simulator.operators().filter((o) => o.name === name);
        return Promise.resolve(String(seeded[seeded.length - 1].id));
      },
      remoteOperator: (remoteId) => {
        const found = simulator.operators().find((o) => String(o.id) === remoteId);
        return Promise.resolve(found && { name: found.name, status: STATUSES[found.status] });
      },
      injectFault: (fault: ContractFault, route: ContractRoute, times: number) =>
        injectHttpFault(simulator, fault, ROUTES[route], times),
      injectLatency: (route, ms, times) => injectLatency(simulator, ROUTES[route], ms, times),
      // Names are ChatHub's only key, and they may repeat: count them in the platform's state.
      countOnPlatform: ({ name }) =>
        simulator.operators().filter((o) => normalizeName(o.name) === normalizeName(name)).length,
      pendingRequests: (route) => pendingRequests(simulator, ROUTES[route]),
      writeCalls: () => simulator.writeCalls(),
      resetCounters: () => simulator.resetCounters(),
    };
  },
  { statusStored: true },
);
