import { ALL, CONFIGURED, CONFIGURED_KEYS, type SecretKey, labelled } from './support/secret-echo.fixtures';
import { type Run, SecretEchoBridge, changeErrors } from './support/secret-echo.bridge';
import { CONNECTOR_IDS } from './support/secret-echo.platforms';
import {
  deliverChatwootWebhooks,
  deliverLhcWebhooks,
  deliverTencentCallbacks,
} from './support/secret-echo.webhooks';
import { fragmentLeaksOf, leaksOf } from './support/secret-leaks';

/**
 * Every platform echoes every secret back in its error bodies (and the credentials of the very
 * request it answers), webhooks carry them in bodies and headers: none may reach anything a user or
 * an attacker can read — admin API, /metrics, /health/ready, logs, CLI output, database files.
 * The tests run in order on one daemon: the last ones look for leaks in everything read before.
 */
describe('secrets nowhere: every platform echoes every secret back', () => {
  const bridge = new SecretEchoBridge();
  const { platforms, proxies } = bridge;

  beforeAll(() => bridge.start());

  afterAll(() => bridge.stop());

  it('should store every failed create with the echoed text, each secret cut out', async () => {
    const { body } = await bridge.api<{ items: Run[] }>('GET', '/api/runs?limit=100');
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
    const now = Math.floor(Date.now() / 1000);

    expect(await deliverLhcWebhooks(bridge, now)).toEqual({ signed: 200, signedInQuery: 200, forged: 401 });
    expect(await deliverChatwootWebhooks(bridge, now)).toEqual({ signed: 200, forged: 401 });
    expect(await deliverTencentCallbacks(bridge)).toEqual({ signed: [200, 200, 200, 200], forged: 401 });
    // A connector id nobody configured, spelled like a secret.
    const all = labelled(Object.keys(ALL) as SecretKey[]);
    expect(
      await bridge.webhook(
        'unknown connector',
        `/webhooks/${CONFIGURED.cwHook}`,
        JSON.stringify({ note: all }),
      ),
    ).toBe(404);

    const events = await bridge.settledInbox();
    expect(events.length).toBeGreaterThanOrEqual(5);
  });

  it('should record failing lists as run errors and connector lastError, each secret cut out', async () => {
    const withRuntime: SecretKey[] = [...CONFIGURED_KEYS, 'evoCwToken'];
    // (b) Evolution's read first (it is reported, not fatal), then every platform's list.
    platforms.armEvolutionReadFault(withRuntime);
    const evolutionRun = await bridge.api<Run>('POST', '/api/connectors/chatwoot/reconcile', {});
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
      CONNECTOR_IDS.map((id) => bridge.api<Run>('POST', `/api/connectors/${id}/reconcile`, {})),
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
    const { body } = await bridge.api<{ items: Array<{ id: string; lastError: string | null }> }>(
      'GET',
      '/api/connectors',
    );
    for (const connector of body.items) {
      expect(connector.lastError).toContain(`E2E-ECHO list ${connector.id}`);
    }
  });

  it('should record a 401 that echoes the credentials, on every connector, each secret cut out', async () => {
    platforms.armAuthFaults([...CONFIGURED_KEYS, 'evoCwToken']);
    const { status, body } = await bridge.api<{ runs: Run[] }>('POST', '/api/reconcile', {});
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
    const connectors = await bridge.api<{ items: Array<{ id: string; health: string; lastError: string }> }>(
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
    const offline = await bridge.cli(['validate']);
    expect(offline.code).toBe(0);
    const online = await bridge.cli(['validate', '--online']);
    expect(online.code).not.toBe(0);
    expect(online.output).toContain('E2E-ECHO auth');
    expect(online.output).toContain('[REDACTED]');
    const plan = await bridge.cli(['plan']);
    expect(plan.code).not.toBe(0);
    expect(plan.output).toContain('E2E-ECHO auth');
    const doctor = await bridge.cli(['doctor']);
    expect(doctor.code).not.toBe(0);
    expect(doctor.output).toContain('E2E-ECHO auth');
    expect(doctor.output).toContain('[REDACTED]');
  });

  it('should read every admin view, /metrics and /health/ready', async () => {
    const runs = await bridge.api<{ items: Run[] }>('GET', '/api/runs?limit=1000');
    expect(runs.body.items.length).toBeGreaterThanOrEqual(CONNECTOR_IDS.length * 3);
    for (const run of runs.body.items) {
      expect((await bridge.api('GET', `/api/runs/${run.id}`)).status).toBe(200);
    }
    for (const id of CONNECTOR_IDS) {
      await bridge.api('GET', `/api/runs?connectorId=${id}&limit=1000`);
      await bridge.api('GET', `/api/events?connectorId=${id}&limit=1000`);
    }
    for (const state of ['pending', 'failed', 'dead', 'done']) {
      await bridge.api('GET', `/api/events?state=${state}&limit=1000`);
    }
    await bridge.api('GET', '/api/events?limit=1000');
    await bridge.api('GET', '/api/connectors');
    await bridge.api('GET', '/api/operators');
    expect(await bridge.publicGet('/metrics')).toContain('chat_bridge_');
    expect(await bridge.publicGet('/health/ready')).toContain('bad_credentials');
    // The admin API is what shows the echoed errors: the redaction is what is being tested.
    expect(bridge.readable.some((sink) => sink.text.includes('E2E-ECHO'))).toBe(true);
  });

  it('should show no secret in any admin API answer, /metrics, /health/ready, webhook answer or CLI output', () => {
    expect(leaksOf(bridge.secrets(), bridge.readable)).toEqual([]);
  });

  it('should keep every secret out of the database files while the daemon runs', () => {
    const files = bridge.databaseFiles();
    expect(files.map((f) => f.where)).toContain('bridge.sqlite');
    expect(files.some((f) => f.text.includes('E2E-ECHO'))).toBe(true);
    expect(leaksOf(bridge.secrets(), files)).toEqual([]);
  });

  it('should keep every secret out of the database files and the logs after a clean stop', async () => {
    expect(await bridge.daemon.stop('SIGTERM')).toBe(0);
    const files = bridge.databaseFiles();
    expect(files.some((f) => f.text.includes('E2E-ECHO'))).toBe(true);
    const logs = { where: 'daemon logs (stdout+stderr, LOG_LEVEL=debug)', text: bridge.daemon.logs };
    expect(logs.text).toContain('E2E-ECHO');
    expect(leaksOf(bridge.secrets(), [...files, logs])).toEqual([]);
  });

  it('should leave no piece of a secret that was cut short before redaction', () => {
    const logs = { where: 'daemon logs', text: bridge.daemon.logs };
    expect(
      fragmentLeaksOf(bridge.fragmentable(), [...bridge.readable, ...bridge.databaseFiles(), logs]),
    ).toEqual([]);
  });
});
