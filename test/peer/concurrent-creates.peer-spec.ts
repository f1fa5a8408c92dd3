import type { LiveHelperChatConnectorConfig } from '@app/core/config.types';
import type { DesiredOperator } from '@app/core/operator.types';
import {
  type LiveHelperChatAdapter,
  createLiveHelperChatAdapter,
} from '@app/platforms/livehelperchat/livehelperchat.adapter';
import { LHC_REASSERT_DEFAULT } from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';

import { type LhcPeer, currentPeer, logMark, resetPeer, sql, writesSince } from './support/lhc-peer';

const OPERATORS = 24;

/**
 * Creates several at once on a real LHC: MariaDB picks some of them as deadlock victims (LHC
 * answers 400 "SQLSTATE[40001] … Deadlock found", the transaction rolled back). Each such create
 * is sent again, so every operator ends created, and created once.
 */
describe('LiveHelperChat (real 4.90): many user creates at once', () => {
  let peer: LhcPeer;
  let adapter: LiveHelperChatAdapter;

  beforeAll(() => {
    peer = currentPeer();
    resetPeer(peer);
    const config: LiveHelperChatConnectorConfig = {
      id: 'lhc',
      type: 'livehelperchat',
      enabled: true,
      baseUrl: `${peer.baseUrl}`,
      timeoutMs: 10_000,
      schedule: { kind: 'interval', ms: 60_000, text: '1m' },
      // High enough that the creates are limited only by how many may be in flight.
      rateLimit: 1000,
      allowDeletes: false,
      webhook: { secret: 'peer-concurrent-secret', insecure: false },
      auth: { username: peer.username, apiKey: peer.apiKey },
      // Department 1 and group 2 ("Operators") come with every fresh LHC.
      options: { departments: [1], userGroups: [2], reassertIntegrationEvery: LHC_REASSERT_DEFAULT },
    };
    adapter = createLiveHelperChatAdapter(config, {
      redactor: { redact: (text: string) => text },
      registerSecret: () => undefined,
      observer: () => undefined,
      retryBackoffMs: 10,
    });
  });

  afterAll(() => adapter.close());

  it('should create every operator exactly once, none failed or unknown', async () => {
    const operators: DesiredOperator[] = Array.from({ length: OPERATORS }, (_, i) => ({
      key: `burst${i}`,
      name: `Burst Operator ${i}`,
      email: `burst${i}@example.com`,
      role: 'agent',
      status: 'active',
    }));
    const mark = logMark(peer);

    const result = await adapter.createOperators({ operators });

    expect(result.failed).toEqual([]);
    expect(result.unknown).toEqual([]);
    expect(result.created).toHaveLength(OPERATORS);
    const rows = sql(
      peer,
      `SELECT username, COUNT(*) FROM lh_users WHERE username LIKE 'burst%' GROUP BY username`,
    );
    expect(rows).toHaveLength(OPERATORS);
    expect(rows.filter(([, count]) => count !== '1')).toEqual([]);
    // Every create sent more than once met a deadlock; reported, not asserted (MariaDB decides).
    const creates = writesSince(peer, mark).filter((line) => /POST \S*\/restapi\/user\b/.test(line)).length;
    process.stderr.write(`[peer] ${OPERATORS} creates at once: ${creates} POST /restapi/user sent\n`);
    expect(creates).toBeGreaterThanOrEqual(OPERATORS);
  });
});
