import { createChatwootAdapter } from '@app/platforms/chatwoot/chatwoot.adapter';
import {
  CHATWOOT_TEST,
  chatwootConfig,
  recordingContext,
} from '@app/platforms/chatwoot/testing/chatwoot.fixtures';
import { normalizeEmail } from '@app/core/normalize';
import {
  CHATWOOT_SIM_ROUTES,
  ChatwootSimulator,
  type ChatwootSimRouteKey,
  type ValidationFailure,
} from '@app/simulator';

import {
  type ContractFault,
  type ContractRoute,
  describeChatPlatformContract,
} from './chat-platform.contract';
import { injectHttpFault, injectLatency, pendingRequests } from './support/http-faults';

// Reading agents is GET /agents; creating is POST /agents; a status change is PATCH /agents/{id}.
const ROUTES: Record<ContractRoute, ChatwootSimRouteKey> = {
  list: CHATWOOT_SIM_ROUTES.listAgents,
  create: CHATWOOT_SIM_ROUTES.createAgent,
  update: CHATWOOT_SIM_ROUTES.updateAgent,
};

describeChatPlatformContract(
  'Chatwoot',
  () => {
    const simulator = new ChatwootSimulator({ adminToken: CHATWOOT_TEST.adminToken });
    // Every request must be one the official OpenAPI description accepts; resetCounters() clears
    // the record, so it is collected first.
    const rejected: ValidationFailure[] = [];
    return {
      start: async () => {
        expect(simulator.validating).toBe(true);
        await simulator.start();
      },
      stop: async () => {
        rejected.push(...simulator.validationErrors());
        await simulator.stop();
        expect(rejected).toEqual([]);
      },
      adapter: (options) =>
        createChatwootAdapter(
          chatwootConfig(simulator.baseUrl, {
            auth: { apiAccessToken: options?.badCredentials ? 'not-a-token' : CHATWOOT_TEST.adminToken },
            ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          }),
          recordingContext(),
        ),
      // Chatwoot keeps no status: an inactive agent is one chat-bridge holds offline (auto_offline
      // off), and the link remembers that chat-bridge did it.
      seedOperator: ({ name, email, status }) => {
        const inactive = status === 'inactive' || status === 'deleted';
        const agent = simulator.seedAgent({
          name,
          email: email ?? `${name.replace(/\W/g, '.')}@example.com`,
          availability: inactive ? 'offline' : 'online',
          autoOffline: false,
        });
        return Promise.resolve(String(agent.id));
      },
      remoteOperator: (remoteId) => {
        const agent = simulator.agent(Number(remoteId));
        return Promise.resolve(agent && { name: agent.name, email: agent.email });
      },
      injectFault: (fault: ContractFault, route: ContractRoute, times: number) =>
        injectHttpFault(simulator, fault, ROUTES[route], times),
      injectLatency: (route, ms, times) => injectLatency(simulator, ROUTES[route], ms, times),
      // Chatwoot agents are keyed by e-mail.
      countOnPlatform: ({ email }) =>
        simulator.agents().filter((a) => normalizeEmail(a.email) === normalizeEmail(email ?? '')).length,
      pendingRequests: (route) => pendingRequests(simulator, ROUTES[route]),
      writeCalls: () => simulator.writeCalls(),
      resetCounters: () => {
        rejected.push(...simulator.validationErrors());
        simulator.resetCounters();
      },
    };
  },
  { statusStored: false },
);
