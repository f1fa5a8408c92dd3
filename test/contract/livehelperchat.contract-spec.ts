import type { LiveHelperChatConnectorConfig } from '@app/core/config.types';
import { createLiveHelperChatAdapter } from '@app/platforms/livehelperchat/livehelperchat.adapter';
import { displayName, splitName } from '@app/platforms/livehelperchat/livehelperchat.mapper';
import { LHC_REASSERT_DEFAULT } from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import { normalizeEmail } from '@app/core/normalize';
import { LHC_ROUTES, LiveHelperChatSimulator, type LhcRouteKey } from '@app/simulator';

import {
  type ContractFault,
  type ContractRoute,
  describeChatPlatformContract,
} from './chat-platform.contract';
import { injectHttpFault, injectLatency, pendingRequests } from './support/http-faults';

const API_USER = 'bridge';
const API_KEY = 'contract-api-key';
// Reading operators is getusers, creating POST /restapi/user, a status change PUT /restapi/user/{id}.
const ROUTES: Record<ContractRoute, LhcRouteKey> = {
  list: LHC_ROUTES.getUsers,
  create: LHC_ROUTES.createUser,
  update: LHC_ROUTES.updateUser,
};

const connectorConfig = (
  baseUrl: string,
  apiKey: string,
  timeoutMs = 2000,
): LiveHelperChatConnectorConfig => ({
  id: 'lhc',
  type: 'livehelperchat',
  enabled: true,
  baseUrl: `${baseUrl}/index.php`,
  timeoutMs,
  schedule: { kind: 'interval', ms: 60_000, text: '1m' },
  rateLimit: 1000,
  allowDeletes: false,
  webhook: { secret: 'contract-webhook-secret', insecure: false },
  auth: { username: API_USER, apiKey },
  options: { departments: [1], userGroups: [1], reassertIntegrationEvery: LHC_REASSERT_DEFAULT },
});

const context = {
  redactor: { redact: (text: string) => text },
  registerSecret: () => undefined,
  observer: () => undefined,
  retryBackoffMs: 10,
};

describeChatPlatformContract(
  'LiveHelperChat',
  () => {
    const simulator = new LiveHelperChatSimulator();
    return {
      start: async () => {
        await simulator.start();
        simulator.seed({
          departments: [{ id: 1, name: 'Support', autoAssign: true }],
          users: [
            {
              username: API_USER,
              email: 'bridge@example.invalid',
              name: 'chat-bridge',
              allDepartments: true,
            },
          ],
          apiKeys: [{ username: API_USER, apiKey: API_KEY }],
        });
      },
      stop: async () => {
        // Every request the adapter made must have matched the official Swagger description.
        expect(simulator.validationErrors()).toEqual([]);
        await simulator.stop();
      },
      adapter: (options) =>
        createLiveHelperChatAdapter(
          connectorConfig(
            simulator.baseUrl,
            options?.badCredentials ? 'revoked-key' : API_KEY,
            options?.timeoutMs,
          ),
          context,
        ),
      // The username is the key, as for operators chat-bridge creates; disabled is the status.
      seedOperator: ({ key, name, email, status }) => {
        simulator.seed({
          users: [
            {
              username: key,
              email,
              ...splitName(name),
              disabled: status !== undefined && status !== 'active',
            },
          ],
        });
        return Promise.resolve(String(simulator.userByUsername(key)!.id));
      },
      remoteOperator: (remoteId) => {
        const user = simulator.user(Number(remoteId));
        return Promise.resolve(
          user && {
            name: displayName(user),
            email: user.email,
            status: user.disabled ? ('inactive' as const) : ('active' as const),
          },
        );
      },
      injectFault: (fault: ContractFault, route: ContractRoute, times: number) =>
        injectHttpFault(simulator, fault, ROUTES[route], times),
      injectLatency: (route, ms, times) => injectLatency(simulator, ROUTES[route], ms, times),
      // LHC operators are matched by e-mail.
      countOnPlatform: ({ email }) =>
        simulator.users().filter((u) => normalizeEmail(u.email) === normalizeEmail(email ?? '')).length,
      pendingRequests: (route) => pendingRequests(simulator, ROUTES[route]),
      writeCalls: () => simulator.writeCalls(),
      resetCounters: () => simulator.resetCounters(),
    };
  },
  { statusStored: true },
);
