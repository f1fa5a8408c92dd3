import { TencentCallbackSender, TencentChatSimulator } from '@app/simulator';

import { AdminClient } from './support/admin-client';
import { afterDaemonRecords } from './support/daemon-clock';
import { DaemonProcess, freePort, tempDir, waitFor, writeConfig } from './support/daemon-process';
import { CALLBACK_TOKEN, SDK_APP_ID, SECRET_KEY, tencentBridgeYaml } from './support/tencent-config';

const ADMIN_TOKEN = 'e2e-admin-token-tencent-000';

describe('daemon answering Tencent callbacks', () => {
  let simulator: TencentChatSimulator;
  let daemon: DaemonProcess;
  let admin: AdminClient;
  let callbacks: TencentCallbackSender;
  // Event times of the test's callbacks. Set once the start-up run has finished, after every time
  // the daemon recorded: its availability poll stamps with the time it read, so a Login stamped
  // before that (say, when this file was loaded) would rightly be ignored as stale.
  let clock = Number.NaN;
  const tick = () => (clock += 1000);

  const events = async (state?: string) =>
    (await admin.get(`/api/events?connectorId=tencent&limit=1000${state ? `&state=${state}` : ''}`)).body
      .items as Array<{
      kind: string;
      state: string;
      dedupeKey: string;
    }>;
  const settled = () =>
    waitFor(async () => ((await events('pending')).length === 0 ? true : undefined), 'the inbox to drain');
  const assign = async (clientUserId = 'customer-1') => {
    const reply = await callbacks.assignAgent({ sessionId: `s-${tick()}`, clientUserId, eventTimeMs: clock });
    expect(reply.status).toBe(200);
    return JSON.parse(reply.body.toString()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    simulator = new TencentChatSimulator({ sdkAppId: SDK_APP_ID, secretKey: SECRET_KEY });
    await simulator.start();
    const dir = tempDir();
    const config = writeConfig(dir, tencentBridgeYaml(dir, simulator.baseUrl));
    daemon = new DaemonProcess(await freePort(), {
      BRIDGE_CONFIG: config,
      E2E_ADMIN_TOKEN: ADMIN_TOKEN,
      E2E_TENCENT_KEY: SECRET_KEY,
      E2E_CALLBACK_TOKEN: CALLBACK_TOKEN,
    });
    await daemon.start();
    admin = new AdminClient(daemon.url, ADMIN_TOKEN);
    callbacks = new TencentCallbackSender({
      url: `${daemon.url}/webhooks/tencent`,
      sdkAppId: SDK_APP_ID,
      token: CALLBACK_TOKEN,
    });
    const startup = await waitFor(async () => {
      const { body } = await admin.get('/api/runs?connectorId=tencent');
      return body.items.find(
        (r: { trigger: string; outcome: string }) => r.trigger === 'startup' && r.outcome !== 'running',
      );
    }, 'the start-up run');
    expect(startup.outcome).toBe('ok');
    clock = await afterDaemonRecords(admin);
  });

  afterAll(async () => {
    await daemon?.stop();
    await simulator?.stop();
  });

  it('should import the roster agents as IM accounts and never the integration account', () => {
    expect(
      simulator
        .accounts()
        .map((a) => a.userId)
        .filter((id) => id !== 'administrator')
        .sort(),
    ).toEqual(['op_ann', 'op_bob', 'op_cid']);
  });

  it('should answer FAIL or the fallback group when nobody is online', async () => {
    expect(await assign()).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', AgentGroupId: 6521 });
  });

  it('should offer only online, active agents linked to Tencent, by e-mail', async () => {
    for (const userId of ['op_ann', 'op_bob']) {
      expect((await callbacks.stateChange({ userId, action: 'Login', eventTimeMs: tick() })).status).toBe(
        200,
      );
    }
    await settled();
    const answer = await assign('customer-2');
    expect(answer).toEqual(expect.objectContaining({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }));
    expect(answer.AgentIdList).toEqual(['ann@example.com', 'bob@example.com']);
  });

  it('should answer both command names the docs use', async () => {
    const reply = await callbacks.assignAgent({
      sessionId: `s-${tick()}`,
      command: 'ChatBot.OnAssignHuman',
      eventTimeMs: clock,
    });
    expect(JSON.parse(reply.body.toString())).toEqual(
      expect.objectContaining({ AgentIdList: expect.any(Array) }),
    );
  });

  it('should keep the latest state when an older delivery arrives late', async () => {
    const logout = tick();
    await callbacks.stateChange({ userId: 'op_bob', action: 'Logout', eventTimeMs: logout });
    await callbacks.stateChange({ userId: 'op_bob', action: 'Login', eventTimeMs: logout - 500 });
    await settled();
    expect((await assign('customer-3')).AgentIdList).toEqual(['ann@example.com']);
  });

  it.each([
    ['a forged Sign', { Sign: 'f'.repeat(64) }],
    ['another SdkAppid', { SdkAppid: '1400099999' }],
    ['a stale RequestTime', { RequestTime: String(Math.floor(Date.now() / 1000) - 3600) }],
  ])('should refuse %s with 401 and store nothing', async (_label, query) => {
    const before = (await events()).length;
    const body = JSON.stringify({
      CallbackCommand: 'State.StateChange',
      EventTime: tick(),
      Info: { Action: 'Login', To_Account: 'op_cid', Reason: 'Register' },
    });
    const reply = await callbacks.send({ command: 'State.StateChange', body, query });
    expect(reply.status).toBe(401);
    expect((await events()).length).toBe(before);
  });

  it('should answer 400 to a malformed body', async () => {
    const reply = await callbacks.send({ command: 'State.StateChange', body: '{"Info": ' });
    expect(reply.status).toBe(400);
  });

  it('should answer 404 for an unknown connector and 413 for a body over server.bodyLimit', async () => {
    const unknown = await fetch(`${daemon.url}/webhooks/nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    const huge = await callbacks.send({
      command: 'State.StateChange',
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body.toString())).toEqual({
      error: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }),
    });
  });

  it('should process a duplicate Desk session delivery once', async () => {
    const params = {
      sessionId: 'dup-session',
      event: 'SessionBegin',
      agentId: 'ann@example.com',
      requestId: 'req-42',
      eventTimeMs: tick(),
    };
    expect((await callbacks.sessionEvent(params)).status).toBe(200);
    expect((await callbacks.sessionEvent(params)).status).toBe(200);
    await settled();
    expect(
      (await events()).filter((e) => e.kind === 'session' && e.dedupeKey.includes('req-42')),
    ).toHaveLength(1);
  });

  it('should record every assign-agent answer for audit', async () => {
    const answered = (await events()).filter((e) => e.kind === 'assignment-answered');
    expect(answered.length).toBeGreaterThanOrEqual(4);
    expect(answered.every((e) => e.state === 'done')).toBe(true);
  });

  it('should keep every acknowledged callback across a SIGKILL and process it after restart', async () => {
    const burst = Array.from({ length: 60 }, (_, i) => ({
      userId: i % 2 ? 'op_cid' : 'op_ann',
      action: 'Login' as const,
      eventTimeMs: tick(),
    }));
    const replies = await Promise.all(burst.map((b) => callbacks.stateChange(b)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(await daemon.stop('SIGKILL')).toBeNull();
    await daemon.start();
    const stored = await waitFor(async () => {
      const all = await events();
      const mine = burst.filter((b) => all.some((e) => e.dedupeKey.includes(String(b.eventTimeMs))));
      return mine.length === burst.length ? all : undefined;
    }, 'every acknowledged event in the inbox');
    expect(stored.filter((e) => e.kind === 'availability').length).toBeGreaterThanOrEqual(burst.length);
    await settled();
    expect((await events('failed')).length + (await events('dead')).length).toBe(0);
  });
});
