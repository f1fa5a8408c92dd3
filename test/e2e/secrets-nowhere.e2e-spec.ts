import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TencentCallbackSender } from '@app/simulator';

import { DaemonProcess, freePort, runCli, tempDir, waitFor, writeConfig } from './support/daemon-process';
import {
  ALL,
  CONFIGURED,
  CONFIGURED_KEYS,
  DESCRIPTION,
  ENV,
  type SecretKey,
  labelled,
} from './support/secret-echo.fixtures';
import { CONNECTOR_IDS, EchoPlatforms, SDK_APP_ID } from './support/secret-echo.platforms';
import { type Secret, type Sink, fragmentLeaksOf, leaksOf } from './support/secret-leaks';

/**
 * Every platform echoes every secret back in its error bodies (and the credentials of the very
 * request it answers), webhooks carry them in bodies and headers: none may reach anything a user or
 * an attacker can read — admin API, /metrics, /health/ready, logs, CLI output, database files.
 */

describe('secrets nowhere: every platform echoes every secret back', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'bridge.sqlite');
  const platforms = new EchoPlatforms();
  const { proxies } = platforms;
  let daemon: DaemonProcess;
  let config: string;

  /** Everything a user or an attacker got to read, in the order they read it. */
  const readable: Sink[] = [];

  const api = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${daemon.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${CONFIGURED.admin}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    readable.push({ where: `${method} ${path} (HTTP ${response.status})`, text });
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const publicGet = async (path: string): Promise<string> => {
    const response = await fetch(`${daemon.url}${path}`);
    const text = await response.text();
    readable.push({ where: `GET ${path} (HTTP ${response.status})`, text });
    return text;
  };
  /** A webhook delivery; the answer goes to whoever sent it, so it is readable too. */
  const webhook = async (
    label: string,
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<number> => {
    const response = await fetch(`${daemon.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    readable.push({
      where: `webhook ${label} answer (HTTP ${response.status})`,
      text: await response.text(),
    });
    return response.status;
  };
  const cli = async (args: string[]): Promise<{ code: number | null; output: string }> => {
    const { code, stdout, stderr } = await runCli([...args, '--config', config], ENV);
    readable.push({ where: `chat-bridge ${args.join(' ')} stdout`, text: stdout });
    readable.push({ where: `chat-bridge ${args.join(' ')} stderr`, text: stderr });
    return { code, output: stdout + stderr };
  };

  type Run = {
    id: number;
    connectorId: string;
    trigger: string;
    outcome: string;
    error: string | null;
    changes: Array<{ operatorKey: string | null; action: string; outcome: string; error: string | null }>;
  };
  const changeErrors = (run: Run): string[] =>
    run.changes.map((c) => c.error).filter((e): e is string => typeof e === 'string' && e !== '');

  const settledInbox = () =>
    waitFor(async () => {
      const { body } = await api<{ items: Array<{ state: string }> }>('GET', '/api/events?limit=1000');
      return body.items.length > 0 && body.items.every((e) => e.state === 'done' || e.state === 'dead')
        ? body.items
        : undefined;
    }, 'the webhook inbox to drain');

  const databaseFiles = (): Sink[] =>
    ['', '-wal', '-shm', '-journal']
      .map((suffix) => `${dbPath}${suffix}`)
      .filter((path) => existsSync(path))
      .map((path) => ({ where: path.slice(dir.length + 1), text: readFileSync(path).toString('latin1') }));

  /** Configured secrets, the one Evolution hands out, and every credential the proxies saw. */
  const secrets = (): Secret[] => {
    const found = new Map<string, string>();
    for (const key of Object.keys(ALL) as SecretKey[]) {
      found.set(ALL[key], DESCRIPTION[key]);
    }
    for (const proxy of Object.values(proxies)) {
      for (const [value, label] of proxy.seen) {
        if (!found.has(value)) {
          found.set(value, `${label} (runtime)`);
        }
      }
    }
    return [...found].map(([value, label]) => ({ value, label }));
  };
  /** Secrets whose every piece is secret: configured ones, generated passwords, JWT signatures. */
  const fragmentable = (): Secret[] => [
    ...(Object.keys(ALL) as SecretKey[]).map((key) => ({ value: ALL[key], label: DESCRIPTION[key] })),
    ...[...proxies.lhc.seen]
      .filter(([, label]) => label.includes('password'))
      .map(([value, label]) => ({ value, label })),
    ...[...proxies.chathubLogin.seen]
      .filter(([value, label]) => label.includes('get-token') && value.split('.').length === 3)
      .map(([value, label]) => ({ value: value.split('.')[2], label: `${label}, its signature` })),
  ];

  beforeAll(async () => {
    await platforms.start();
    platforms.armCreateFaults();
    config = writeConfig(dir, platforms.bridgeYaml(dbPath));
    daemon = new DaemonProcess(await freePort(), { BRIDGE_CONFIG: config, ...ENV });
    await daemon.start();
    await waitFor(
      async () => {
        const { body } = await api<{ items: Run[] }>('GET', '/api/runs?limit=100');
        const done = body.items.filter((r) => r.trigger === 'startup' && r.outcome !== 'running');
        return done.length === CONNECTOR_IDS.length ? done : undefined;
      },
      'the five start-up runs',
      30_000,
    );
  });

  afterAll(async () => {
    await daemon?.stop();
    await platforms.stop();
  });

  it('should store every failed create with the echoed text, each secret cut out', async () => {
    const { body } = await api<{ items: Run[] }>('GET', '/api/runs?limit=100');
    const startup = new Map(body.items.filter((r) => r.trigger === 'startup').map((r) => [r.connectorId, r]));
    // Each connector stored a create error with the platform's text in it and a secret cut out.
    const unproven = CONNECTOR_IDS.filter(
      (id) =>
        !changeErrors(startup.get(id)!).some(
          (e) => e.includes(`E2E-ECHO create ${id}`) && e.includes('=[REDACTED];'),
        ),
    );
    expect(unproven).toEqual([]);
    // LHC's own error shape is stored whole: every configured secret went through the redactor.
    const lhcErrors = changeErrors(startup.get('lhc')!).join('\n');
    for (const key of CONFIGURED_KEYS) {
      expect(lhcErrors).toContain(`${key}=[REDACTED];`);
    }
    // …and so did the credentials of the request (Basic auth) and the generated password in its body.
    expect(lhcErrors).toContain('request: hdr-auth=');
    expect(lhcErrors).toContain('"password":"[REDACTED]"');
    // Evolution's write failed after its `find` handed out the token, which is cut out too.
    const evolutionErrors = changeErrors(startup.get('chatwoot')!).join('\n');
    expect(evolutionErrors).toContain('E2E-ECHO write evolution');
    expect(evolutionErrors).toContain('evoCwToken=[REDACTED];');
    // The runtime credentials were really sent, so really echoed.
    expect([...proxies.chathubLogin.seen.values()]).toContainEqual(expect.stringContaining('get-token'));
    expect([...proxies.tencent.seen.values()]).toContainEqual(expect.stringContaining('UserSig'));
    expect([...proxies.lhc.seen.values()]).toContainEqual(expect.stringContaining('password'));
  });

  it('should take signed webhooks carrying secrets and refuse forged ones, storing only what it must', async () => {
    platforms.clearFaults();
    const all = labelled(Object.keys(ALL) as SecretKey[]);
    const now = Math.floor(Date.now() / 1000);
    // LiveHelperChat: the shared secret in the header, then in the query string (both allowed).
    const lhcBody = (event: string, extra: object = {}) =>
      JSON.stringify({
        event,
        user_id: platforms.lhcIds.humanUserId,
        hide_online: 1,
        invisible_mode: 0,
        ts: now,
        note: all,
        ...extra,
      });
    expect(
      await webhook('lhc signed', '/webhooks/lhc', lhcBody('chat.operator_status_changed'), {
        'x-bridge-secret': CONFIGURED.lhcHook,
        'x-forwarded-note': all,
      }),
    ).toBe(200);
    expect(
      await webhook(
        'lhc signed (query)',
        `/webhooks/lhc?secret=${CONFIGURED.lhcHook}&note=${CONFIGURED.admin}`,
        lhcBody('user.user_modified'),
      ),
    ).toBe(200);
    expect(
      await webhook(
        'lhc forged',
        `/webhooks/lhc?secret=${CONFIGURED.cwHook}`,
        lhcBody('chat.operator_status_changed', { ts: now - 1 }),
        {
          'x-bridge-secret': CONFIGURED.admin,
        },
      ),
    ).toBe(401);
    // Chatwoot: HMAC over `<timestamp>.<body>`; X-Chatwoot-Delivery is not covered by it.
    const cwBody = JSON.stringify({
      event: 'message_created',
      id: 9001,
      message_type: 'incoming',
      content: all,
      created_at: now,
      account: { id: 1 },
      sender: { name: all },
      conversation: {
        id: platforms.reopen.conversationId,
        inbox_id: platforms.reopen.inboxId,
        status: 'open',
      },
    });
    const sign = (secret: string) =>
      `sha256=${createHmac('sha256', secret).update(`${now}.${cwBody}`).digest('hex')}`;
    expect(
      await webhook('chatwoot signed', '/webhooks/chatwoot', cwBody, {
        'x-chatwoot-timestamp': String(now),
        'x-chatwoot-signature': sign(CONFIGURED.cwHook),
        'x-chatwoot-delivery': CONFIGURED.admin,
      }),
    ).toBe(200);
    expect(
      await webhook('chatwoot forged', '/webhooks/chatwoot', cwBody, {
        'x-chatwoot-timestamp': String(now),
        'x-chatwoot-signature': sign(CONFIGURED.admin),
        'x-chatwoot-delivery': CONFIGURED.cwHook,
        'x-extra': all,
      }),
    ).toBe(401);
    // Tencent: Sign = sha256(token + RequestTime) in the query; ids in the body are the platform's.
    const callbacks = new TencentCallbackSender({
      url: `${daemon.url}/webhooks/tencent`,
      sdkAppId: SDK_APP_ID,
      token: CONFIGURED.tcCallback,
    });
    const tencentReplies = [
      await callbacks.stateChange({
        userId: 'op_john',
        action: 'Login',
        reason: all,
        eventTimeMs: Date.now(),
      }),
      await callbacks.stateChange({ userId: CONFIGURED.tcKey, action: 'Logout', eventTimeMs: Date.now() }),
      await callbacks.sessionEvent({
        sessionId: 'session-1',
        event: 'SessionStart',
        clientUserId: CONFIGURED.tcCallback,
        requestId: CONFIGURED.lhcKey,
      }),
      await callbacks.assignAgent({ sessionId: CONFIGURED.evoKey, clientUserId: CONFIGURED.chCompany }),
    ];
    tencentReplies.forEach((reply, i) =>
      readable.push({
        where: `webhook tencent signed #${i} answer (HTTP ${reply.status})`,
        text: reply.body.toString(),
      }),
    );
    expect(tencentReplies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const forged = new TencentCallbackSender({
      url: `${daemon.url}/webhooks/tencent`,
      sdkAppId: SDK_APP_ID,
      token: CONFIGURED.cwToken,
    });
    const forgedReply = await forged.send({
      command: 'State.StateChange',
      body: JSON.stringify({
        CallbackCommand: 'State.StateChange',
        EventTime: Date.now(),
        Info: { Action: 'Login', To_Account: CONFIGURED.admin, Reason: all },
      }),
      query: { Sign: CONFIGURED.tcCallback },
    });
    readable.push({
      where: `webhook tencent forged answer (HTTP ${forgedReply.status})`,
      text: forgedReply.body.toString(),
    });
    expect(forgedReply.status).toBe(401);
    // A connector id nobody configured, spelled like a secret.
    expect(
      await webhook('unknown connector', `/webhooks/${CONFIGURED.cwHook}`, JSON.stringify({ note: all })),
    ).toBe(404);

    const events = await settledInbox();
    expect(events.length).toBeGreaterThanOrEqual(5);
  });

  it('should record failing lists as run errors and connector lastError, each secret cut out', async () => {
    const withRuntime: SecretKey[] = [...CONFIGURED_KEYS, 'evoCwToken'];
    // (b) Evolution's read first (it is reported, not fatal), then every platform's list.
    platforms.armEvolutionReadFault(withRuntime);
    const evolutionRun = await api<Run>('POST', '/api/connectors/chatwoot/reconcile', {});
    expect(changeErrors(evolutionRun.body).join('\n')).toContain(
      'E2E-ECHO read evolution evoCwToken=[REDACTED];',
    );

    // LHC's whole-text error also carries the tokens the daemon obtained from the other platforms
    // (ChatHub's get-token, Tencent's UserSig): one redactor must know them all.
    const obtained = [...proxies.chathubLogin.seen, ...proxies.tencent.seen]
      .filter(([, label]) => label.includes('get-token') || label.includes('UserSig'))
      .map(([value]) => value);
    expect(obtained.length).toBeGreaterThanOrEqual(2);
    const obtainedText = obtained.map((value, i) => `obtained${i}=${value};`).join(' ');
    platforms.armListFaults(withRuntime, obtainedText);
    const runs = await Promise.all(
      CONNECTOR_IDS.map((id) => api<Run>('POST', `/api/connectors/${id}/reconcile`, {})),
    );
    for (const { status, body: run } of runs) {
      expect({ id: run.connectorId, status, outcome: run.outcome }).toEqual({
        id: run.connectorId,
        status: 200,
        outcome: 'failed',
      });
      expect(run.error).toContain(`E2E-ECHO list ${run.connectorId}`);
      expect(run.error).toContain('[REDACTED]');
    }
    const lhcRun = runs.find((r) => r.body.connectorId === 'lhc')!.body;
    for (const key of withRuntime) {
      expect(lhcRun.error).toContain(`${key}=[REDACTED];`);
    }
    obtained.forEach((_, i) => expect(lhcRun.error).toContain(`obtained${i}=[REDACTED];`));
    const { body } = await api<{ items: Array<{ id: string; lastError: string | null }> }>(
      'GET',
      '/api/connectors',
    );
    for (const connector of body.items) {
      expect(connector.lastError).toContain(`E2E-ECHO list ${connector.id}`);
    }
  });

  it('should record a 401 that echoes the credentials, on every connector, each secret cut out', async () => {
    platforms.armAuthFaults([...CONFIGURED_KEYS, 'evoCwToken']);
    const { status, body } = await api<{ runs: Run[] }>('POST', '/api/reconcile', {});
    expect(status).toBe(200);
    expect(body.runs.map((r) => [r.connectorId, r.outcome])).toEqual(
      CONNECTOR_IDS.map((id) => [id, 'failed']),
    );
    for (const run of body.runs) {
      expect(run.error).toContain('AUTH_FAILED');
      expect(run.error).toContain(`E2E-ECHO auth ${run.connectorId}`);
    }
    // chathub-login logged in again after the 401, and its get-token answered 401 too.
    expect(proxies.chathubLogin.seen.has(CONFIGURED.chPassword)).toBe(true);
    const connectors = await api<{ items: Array<{ id: string; health: string; lastError: string }> }>(
      'GET',
      '/api/connectors',
    );
    for (const connector of connectors.body.items) {
      expect({ id: connector.id, health: connector.health }).toEqual({
        id: connector.id,
        health: 'bad_credentials',
      });
      expect(connector.lastError).toContain('[REDACTED]');
    }
  });

  it('should print the echoed errors redacted in validate, plan and doctor', async () => {
    // Each CLI run is a new process: it never read Evolution's token, so no platform echoes it to it.
    platforms.armAuthFaults(CONFIGURED_KEYS);
    const offline = await cli(['validate']);
    expect(offline.code).toBe(0);
    const online = await cli(['validate', '--online']);
    expect(online.code).not.toBe(0);
    expect(online.output).toContain('E2E-ECHO auth');
    expect(online.output).toContain('[REDACTED]');
    const plan = await cli(['plan']);
    expect(plan.code).not.toBe(0);
    expect(plan.output).toContain('E2E-ECHO auth');
    const doctor = await cli(['doctor']);
    expect(doctor.code).not.toBe(0);
    expect(doctor.output).toContain('E2E-ECHO auth');
    expect(doctor.output).toContain('[REDACTED]');
  });

  it('should read every admin view, /metrics and /health/ready', async () => {
    const runs = await api<{ items: Run[] }>('GET', '/api/runs?limit=1000');
    expect(runs.body.items.length).toBeGreaterThanOrEqual(CONNECTOR_IDS.length * 3);
    for (const run of runs.body.items) {
      expect((await api('GET', `/api/runs/${run.id}`)).status).toBe(200);
    }
    for (const id of CONNECTOR_IDS) {
      await api('GET', `/api/runs?connectorId=${id}&limit=1000`);
      await api('GET', `/api/events?connectorId=${id}&limit=1000`);
    }
    for (const state of ['pending', 'failed', 'dead', 'done']) {
      await api('GET', `/api/events?state=${state}&limit=1000`);
    }
    await api('GET', '/api/events?limit=1000');
    await api('GET', '/api/connectors');
    await api('GET', '/api/operators');
    expect(await publicGet('/metrics')).toContain('chat_bridge_');
    expect(await publicGet('/health/ready')).toContain('bad_credentials');
    // The admin API is what shows the echoed errors: the redaction is what is being tested.
    expect(readable.some((sink) => sink.text.includes('E2E-ECHO'))).toBe(true);
  });

  it('should show no secret in any admin API answer, /metrics, /health/ready, webhook answer or CLI output', () => {
    expect(leaksOf(secrets(), readable)).toEqual([]);
  });

  it('should keep every secret out of the database files while the daemon runs', () => {
    const files = databaseFiles();
    expect(files.map((f) => f.where)).toContain('bridge.sqlite');
    expect(files.some((f) => f.text.includes('E2E-ECHO'))).toBe(true);
    expect(leaksOf(secrets(), files)).toEqual([]);
  });

  it('should keep every secret out of the database files and the logs after a clean stop', async () => {
    expect(await daemon.stop('SIGTERM')).toBe(0);
    const files = databaseFiles();
    expect(files.some((f) => f.text.includes('E2E-ECHO'))).toBe(true);
    const logs = { where: 'daemon logs (stdout+stderr, LOG_LEVEL=debug)', text: daemon.logs };
    expect(logs.text).toContain('E2E-ECHO');
    expect(leaksOf(secrets(), [...files, logs])).toEqual([]);
  });

  it('should leave no piece of a secret that was cut short before redaction', () => {
    const logs = { where: 'daemon logs', text: daemon.logs };
    expect(fragmentLeaksOf(fragmentable(), [...readable, ...databaseFiles(), logs])).toEqual([]);
  });
});
