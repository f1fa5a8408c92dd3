import type { TencentChatConnectorConfig } from '@app/core/config.types';
import { createTencentChatAdapter } from '@app/platforms/tencent-chat/tencent-chat.adapter';
import { TENCENT_ROUTES, TencentChatSimulator, type TencentRouteKey } from '@app/simulator';

import {
  type ContractFault,
  type ContractRoute,
  describeChatPlatformContract,
} from './chat-platform.contract';
import { injectGarbage, injectLatency, pendingRequests } from './support/http-faults';

const SDK_APP_ID = 1400000000;
const SECRET_KEY = 'contract-secret-key';
const ADMIN = 'administrator';
// Reading operators is account_check (then portrait_get); creating is multiaccount_import (then
// portrait_set); a status change is kick.
const ROUTES: Record<ContractRoute, TencentRouteKey> = {
  list: TENCENT_ROUTES.accountCheck,
  create: TENCENT_ROUTES.multiaccountImport,
  update: TENCENT_ROUTES.kick,
};

const connectorConfig = (
  baseUrl: string,
  secretKey: string,
  timeoutMs = 2000,
): TencentChatConnectorConfig => ({
  id: 'tencent',
  type: 'tencent-chat',
  enabled: true,
  baseUrl,
  timeoutMs,
  schedule: { kind: 'interval', ms: 60_000, text: '1m' },
  rateLimit: 1000,
  allowDeletes: false,
  webhook: { token: 'callback-token', insecure: false },
  auth: { sdkAppId: SDK_APP_ID, identifier: ADMIN, secretKey },
  options: { userIdPrefix: '', desk: false, assignment: { strategy: 'least-busy', maxAgents: 3 } },
});

const context = {
  redactor: { redact: (text: string) => text },
  registerSecret: () => undefined,
  observer: () => undefined,
  retryBackoffMs: 10,
};

describeChatPlatformContract(
  'Tencent Cloud Chat',
  () => {
    const simulator = new TencentChatSimulator({
      sdkAppId: SDK_APP_ID,
      secretKey: SECRET_KEY,
      admins: [ADMIN],
    });
    return {
      start: async () => {
        await simulator.start();
      },
      stop: () => simulator.stop(),
      adapter: (options) =>
        createTencentChatAdapter(
          connectorConfig(
            simulator.baseUrl,
            options?.badCredentials ? 'another-apps-key' : SECRET_KEY,
            options?.timeoutMs,
          ),
          context,
        ),
      // The UserID is the key (empty prefix). Tencent has nowhere to keep a status, so a seeded
      // status is not stored: chat-bridge keeps it in the link.
      seedOperator: ({ key, name }) => {
        simulator.seed({ accounts: [{ userId: key, nick: name }] });
        return Promise.resolve(key);
      },
      // What Tencent holds: the nick. No status, so none is reported.
      remoteOperator: (remoteId) => {
        const account = simulator.account(remoteId);
        return Promise.resolve(account && { name: account.nick ?? '' });
      },
      injectFault: (fault: ContractFault, route: ContractRoute, times: number) => {
        const key = ROUTES[route];
        switch (fault) {
          case 'server-error':
            // 70500 "internal error" inside the always-200 envelope, after the call took effect.
            simulator.injectError({ route: key, code: 70500, times, phase: 'after' });
            return;
          case 'rate-limit':
            simulator.injectError({ route: key, code: 60018, times });
            return;
          case 'garbage':
            injectGarbage(simulator, key, times);
            return;
          case 'disconnect-after':
            simulator.inject({ kind: 'disconnect', route: key, times, phase: 'after' });
            return;
        }
      },
      injectLatency: (route, ms, times) => injectLatency(simulator, ROUTES[route], ms, times),
      // The UserID is the key (empty prefix); Tencent keeps one account per UserID.
      countOnPlatform: ({ key }) => simulator.accounts().filter((a) => a.userId === key).length,
      pendingRequests: (route) => pendingRequests(simulator, ROUTES[route]),
      writeCalls: () => simulator.writeCalls(),
      resetCounters: () => simulator.resetCounters(),
    };
  },
  { statusStored: false },
);
