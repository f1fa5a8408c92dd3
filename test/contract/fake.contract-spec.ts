import { normalizeEmail } from '@app/core/normalize';

import { describeChatPlatformContract } from './chat-platform.contract';
import { FAKE_CREDENTIALS, FakeChatAdapter, FakePlatform } from './support/fake-adapter';

// The suite against an in-memory platform: it proves the suite itself (a reference adapter
// passes it) and gives port changes a fast, simulator-free check.
describeChatPlatformContract(
  'Fake (in-memory)',
  () => {
    const platform = new FakePlatform();
    return {
      start: () => Promise.resolve(),
      stop: () => {
        platform.stop();
        return Promise.resolve();
      },
      adapter: (options) =>
        new FakeChatAdapter(platform, {
          credentials: options?.badCredentials ? 'wrong' : FAKE_CREDENTIALS,
          timeoutMs: options?.timeoutMs ?? 2000,
        }),
      seedOperator: ({ name, email, status }) => {
        const record = platform.seed({
          name,
          email: email ?? `${name.replace(/\W/g, '.')}@example.com`,
          status: status === undefined || status === 'active' ? 'active' : 'inactive',
        });
        return Promise.resolve(String(record.id));
      },
      remoteOperator: (remoteId) => {
        const record = platform.operator(Number(remoteId));
        return Promise.resolve(record && { name: record.name, email: record.email, status: record.status });
      },
      injectFault: (fault, route, times) => platform.injectFault(fault, route, times),
      injectLatency: (route, ms, times) => platform.injectLatency(route, ms, times),
      countOnPlatform: ({ email }) =>
        platform.operators().filter((o) => normalizeEmail(o.email) === normalizeEmail(email ?? '')).length,
      pendingRequests: (route) => platform.pendingRequests(route),
      writeCalls: () => platform.writeCalls(),
      resetCounters: () => platform.resetCounters(),
    };
  },
  { statusStored: true },
);
