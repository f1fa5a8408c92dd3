import type { LiveHelperChatConnectorConfig } from '@app/core/config.types';
import { createLiveHelperChatAdapter } from '@app/platforms/livehelperchat/livehelperchat.adapter';
import { displayName, splitName } from '@app/platforms/livehelperchat/livehelperchat.mapper';
import { LHC_REASSERT_DEFAULT } from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';

import { type ContractRoute, describeChatPlatformContract } from '../contract/chat-platform.contract';
import { FaultProxy } from './support/fault-proxy';
import { type LhcPeer, currentPeer, logMark, resetPeer, rest, sql, writesSince } from './support/lhc-peer';

// The contract's routes as LHC serves them (getusers, POST and PUT /restapi/user).
const routeOf = (method: string, path: string): ContractRoute | undefined => {
  const tail = path.replace(/^\/index\.php/, '');
  if (method === 'GET' && tail === '/restapi/getusers') {
    return 'list';
  }
  if (method === 'POST' && tail === '/restapi/user') {
    return 'create';
  }
  return method === 'PUT' && /^\/restapi\/user\/\d+$/.test(tail) ? 'update' : undefined;
};

const context = {
  redactor: { redact: (text: string) => text },
  registerSecret: () => undefined,
  observer: () => undefined,
  retryBackoffMs: 10,
};

const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The shared adapter contract, against the real LiveHelperChat 4.90 instead of the simulator. */
describeChatPlatformContract(
  'LiveHelperChat (real 4.90)',
  () => {
    const peer: LhcPeer = currentPeer();
    let proxy: FaultProxy;
    let proxyUrl = '';
    let mark = 0;
    const config = (apiKey: string, timeoutMs = 2000): LiveHelperChatConnectorConfig => ({
      id: 'lhc',
      type: 'livehelperchat',
      enabled: true,
      baseUrl: `${proxyUrl}/index.php`,
      timeoutMs,
      schedule: { kind: 'interval', ms: 60_000, text: '1m' },
      rateLimit: 1000,
      allowDeletes: false,
      webhook: { secret: 'peer-contract-secret', insecure: false },
      auth: { username: peer.username, apiKey },
      // Department 1 and group 2 ("Operators") come with every fresh LHC.
      options: { departments: [1], userGroups: [2], reassertIntegrationEvery: LHC_REASSERT_DEFAULT },
    });
    return {
      start: async () => {
        resetPeer(peer);
        proxy = new FaultProxy(new URL(peer.baseUrl).origin, routeOf);
        proxyUrl = await proxy.start();
        mark = logMark(peer);
      },
      stop: () => proxy.stop(),
      adapter: (options) =>
        createLiveHelperChatAdapter(
          config(options?.badCredentials ? 'revoked-key' : peer.apiKey, options?.timeoutMs),
          context,
        ),
      // The username is the key, as for operators chat-bridge creates; disabled is the status.
      seedOperator: async ({ key, name, email, status }) => {
        const { body } = await rest<{ error: boolean; result: { id: number } }>(
          peer,
          'POST',
          '/restapi/user',
          {
            username: key,
            password: 'Contract-Seed-Pass!2026',
            email,
            ...splitName(name),
            user_groups: [2],
            disabled: status !== undefined && status !== 'active',
          },
        );
        if (body.error) {
          throw new Error(`seeding ${key} failed: ${JSON.stringify(body)}`);
        }
        return String(body.result.id);
      },
      remoteOperator: (remoteId) => {
        const [row] = sql(
          peer,
          `SELECT name, surname, email, disabled FROM lh_users WHERE id=${Number(remoteId)}`,
        );
        return Promise.resolve(
          row && {
            name: displayName({ name: row[0], surname: row[1] }),
            email: row[2],
            status: row[3] === '1' ? ('inactive' as const) : ('active' as const),
          },
        );
      },
      injectFault: (fault, route, times) => proxy.inject(route, { kind: fault }, times),
      injectLatency: (route, ms, times) => proxy.inject(route, { kind: 'latency', ms }, times),
      // LHC operators are matched by e-mail (its collation ignores case).
      countOnPlatform: ({ email }) =>
        Number(sql(peer, `SELECT count(*) FROM lh_users WHERE email=${quote(email ?? '')}`)[0][0]),
      pendingRequests: (route) => proxy.pending(route),
      writeCalls: () => writesSince(peer, mark).length,
      resetCounters: () => {
        mark = logMark(peer);
      },
    };
  },
  { statusStored: true },
);
