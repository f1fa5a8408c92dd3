import { AlertRepository } from '@app/alerts/alert.repository';
import { AlertDeliverer } from '@app/alerts/alert-deliverer.service';
import { type AlertPayload, verifySignature } from '@app/alerts/alert-payload';
import { AlertRaiser } from '@app/alerts/alert-raiser.service';
import { AlertSinkClient } from '@app/alerts/alert-sink.client';
import { AlertReceiver } from '@app/alerts/testing/alert-receiver';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import { validateConfig } from '@app/config/loading/validate-config';
import { SecretRedactor } from '@app/config/secret-redactor';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { MetricsService } from '@app/metrics/metrics.service';
import type { EventApplier } from '@app/webhooks/event-applier.service';
import { InboxProcessor } from '@app/webhooks/inbox-processor.service';

import { eventually } from './support/eventually';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const SECRET = 'alert-hmac-secret-123';
const HOUR = 3_600_000;
// Retries come quickly here; the backoff itself is the same code as in the daemon.
const POLICY = { maxAttempts: 3, backoffBaseMs: 20, backoffCapMs: 50, idlePollMs: 20, leaseMs: 60_000 };

const configWith = (alerts: unknown[]): BridgeConfigService => {
  const { config, issues } = validateConfig({ alerts });
  expect(issues).toEqual([]);
  return new BridgeConfigService({
    config,
    redactor: SecretRedactor.fromConfig(config),
    path: 'test',
    warnings: [],
    references: new Map(),
  });
};

describe.each(DATABASE_KINDS)('alerts on %s', (kind) => {
  const db = useTestDatabase(kind);
  const receiver = new AlertReceiver();
  let url: string;
  let repository: AlertRepository;
  let metrics: MetricsService;
  let deliverers: AlertDeliverer[];

  beforeAll(async () => {
    url = await receiver.start();
  });
  afterAll(() => receiver.stop());
  beforeEach(() => {
    receiver.requests.length = 0;
    repository = new AlertRepository(db.dataSource);
    metrics = new MetricsService();
    deliverers = [];
  });
  afterEach(async () => {
    await Promise.all(deliverers.map((deliverer) => deliverer.stop()));
  });

  const raiserFor = (config: BridgeConfigService) => new AlertRaiser(config, repository, metrics);
  const startDeliverer = (config: BridgeConfigService, raiser: AlertRaiser) => {
    const deliverer = new AlertDeliverer(config, repository, new AlertSinkClient(), metrics, raiser, POLICY);
    deliverers.push(deliverer);
    deliverer.onApplicationBootstrap();
    return deliverer;
  };
  const counted = async (outcome: string) =>
    (await metrics.alerts.get()).values
      .filter((value) => value.labels.outcome === outcome)
      .reduce((sum, value) => sum + value.value, 0);

  it('should store one row per sink that wants the event, and none for a sink that does not', async () => {
    const config = configWith([
      { type: 'webhook', url, secret: SECRET },
      { type: 'slack', url: `${url}/slack`, events: ['run.blocked'] },
    ]);

    await raiserFor(config).healthChanged('lhc', 'healthy', 'degraded', 'TEMPORARY: HTTP 500');

    const rows = await repository.list();
    expect(rows.map((row) => [row.sink, row.event, row.connectorId, row.state])).toEqual([
      ['webhook', 'connector.degraded', 'lhc', 'pending'],
    ]);
    expect(JSON.parse(rows[0].details)).toEqual({
      previousHealth: 'healthy',
      health: 'degraded',
      error: 'TEMPORARY: HTTP 500',
    });
  });

  it('should not store an unchanged condition again within the window, until a recovery resets it', async () => {
    const raiser = raiserFor(configWith([{ type: 'webhook', url, secret: SECRET }]));

    await raiser.runFinished(blockedRun(1));
    await raiser.runFinished(blockedRun(2));
    expect((await repository.list()).map((row) => row.event)).toEqual(['run.blocked']);
    expect(await counted('deduplicated')).toBe(1);

    await raiser.healthChanged('lhc', 'degraded', 'healthy', null);
    await raiser.runFinished(blockedRun(3));
    expect((await repository.list()).map((row) => row.event)).toEqual([
      'run.blocked',
      'connector.recovered',
      'run.blocked',
    ]);
  });

  it('should drop what exceeds the sink hourly budget and count it', async () => {
    const raiser = raiserFor(configWith([{ type: 'webhook', url, secret: SECRET, maxPerHour: 2 }]));

    for (const connectorId of ['a', 'b', 'c']) {
      await raiser.healthChanged(connectorId, undefined, 'bad_credentials', 'AUTH_FAILED: HTTP 401');
    }

    expect((await repository.list()).map((row) => row.connectorId)).toEqual(['a', 'b']);
    expect(await counted('rate_limited')).toBe(1);
  });

  it('should raise changes.failed only at the sink threshold, and never a recovery without a bad state', async () => {
    const raiser = raiserFor(
      configWith([{ type: 'webhook', url, secret: SECRET, failedChangesThreshold: 3 }]),
    );

    await raiser.runFinished({ ...blockedRun(1), outcome: 'partial', counts: { failed: 1, rejected: 1 } });
    await raiser.healthChanged('lhc', undefined, 'healthy', null);
    await raiser.healthChanged('lhc', 'healthy', 'healthy', null);
    expect(await repository.list()).toEqual([]);

    await raiser.runFinished({ ...blockedRun(2), outcome: 'partial', counts: { failed: 2, rejected: 1 } });
    expect((await repository.list()).map((row) => row.event)).toEqual(['changes.failed']);
  });

  it('should keep configured secrets out of stored alerts when an error quotes them', async () => {
    const raiser = raiserFor(configWith([{ type: 'webhook', url, secret: SECRET }]));

    await raiser.healthChanged('lhc', 'healthy', 'degraded', `refused key ${SECRET}`);

    const [row] = await repository.list();
    expect(`${row.message} ${row.details}`).not.toContain(SECRET);
    expect(row.message).toContain('[REDACTED]');
  });

  it('should deliver a signed JSON alert and mark it sent', async () => {
    const config = configWith([{ type: 'webhook', url: `${url}/hook`, secret: SECRET }]);
    const raiser = raiserFor(config);
    startDeliverer(config, raiser);

    await raiser.healthChanged('lhc', 'healthy', 'bad_credentials', 'AUTH_FAILED: HTTP 401');

    const [sent] = await eventually(
      async () =>
        (await repository.list()).every((row) => row.state === 'sent') ? receiver.accepted : undefined,
      'the alert marked sent',
    );
    expect(receiver.accepted).toHaveLength(1);
    expect(sent.path).toBe('/hook');
    expect(verifySignature(SECRET, sent.body, sent.headers['x-bridge-signature'] as string)).toBe(true);
    expect(JSON.parse(sent.body)).toMatchObject({
      event: 'connector.bad_credentials',
      connectorId: 'lhc',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: expect.stringContaining('refused its credentials'),
      details: { health: 'bad_credentials', previousHealth: 'healthy' },
    } satisfies Partial<Record<keyof AlertPayload, unknown>>);
  });

  it('should retry an alert the receiver refused, then deliver it once with the same id', async () => {
    const config = configWith([{ type: 'slack', url: `${url}/slack` }]);
    const raiser = raiserFor(config);
    receiver.answerNext(500);
    startDeliverer(config, raiser);

    await raiser.eventDead({
      id: 42,
      connectorId: 'chatwoot',
      kind: 'availability',
      attempts: 8,
      error: 'boom',
    });

    await eventually(() => (receiver.accepted.length > 0 ? true : undefined), 'the retried alert accepted');
    const [row] = await eventually(async () => {
      const rows = await repository.list();
      return rows[0]?.state === 'sent' ? rows : undefined;
    }, 'the alert marked sent');
    expect(receiver.requests.map((request) => request.status)).toEqual([500, 200]);
    expect(receiver.requests[0].body).toBe(receiver.requests[1].body);
    expect(JSON.parse(receiver.accepted[0].body)).toEqual({
      text: expect.stringContaining('[chat-bridge] event.dead · chatwoot: chatwoot: inbox event 42'),
    });
    expect(row.attempts).toBe(2);
    expect(await counted('retry')).toBe(1);
  });

  it('should mark an alert dead after the last attempt when the receiver never answers', async () => {
    const config = configWith([{ type: 'webhook', url: 'http://127.0.0.1:9/closed', secret: SECRET }]);
    const raiser = raiserFor(config);
    startDeliverer(config, raiser);

    await raiser.healthChanged('lhc', 'healthy', 'degraded', 'TEMPORARY: timeout');

    const [row] = await eventually(
      async () => {
        const rows = await repository.list();
        return rows[0]?.state === 'dead' ? rows : undefined;
      },
      'the alert given up',
      30_000,
    );
    expect(row.attempts).toBe(POLICY.maxAttempts);
    expect(row.lastError).toMatch(/^no answer from the receiver/);
  });

  it('should raise event.dead when the inbox gives an event up', async () => {
    const raiser = raiserFor(configWith([{ type: 'webhook', url, secret: SECRET }]));
    const inbox = new InboxRepository(db.dataSource);
    const failing = { apply: () => Promise.reject(new Error('platform says no')) } as unknown as EventApplier;
    const processor = new InboxProcessor(
      failing,
      inbox,
      metrics,
      { maxAttempts: 1, backoffBaseMs: 5, backoffCapMs: 5, idlePollMs: 10 },
      raiser,
    );
    await inbox.insertEvents([
      { connectorId: 'chatwoot', dedupeKey: 'd-1', kind: 'availability', payload: '{"kind":"availability"}' },
    ]);

    await processor.onApplicationBootstrap();
    const [alert] = await eventually(async () => {
      const rows = await repository.list();
      return rows.length > 0 ? rows : undefined;
    }, 'the event.dead alert');
    await processor.stop();

    expect(alert).toMatchObject({ event: 'event.dead', connectorId: 'chatwoot' });
    expect(JSON.parse(alert.details)).toMatchObject({
      kind: 'availability',
      attempts: 1,
      error: 'platform says no',
    });
  });

  it('should hand each due alert to one claimer only when two claim at once', async () => {
    const raiser = raiserFor(configWith([{ type: 'webhook', url, secret: SECRET }]));
    for (let i = 0; i < 30; i++) {
      await raiser.healthChanged(`c${i}`, 'healthy', 'degraded', null);
    }

    const [first, second] = await Promise.all([
      repository.claimDue({ limit: 20, leaseMs: 60_000 }),
      repository.claimDue({ limit: 20, leaseMs: 60_000 }),
    ]);

    const ids = [...first, ...second].map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
  });

  it('should prune only sent and dead alerts older than the cutoff', async () => {
    const raiser = raiserFor(configWith([{ type: 'webhook', url, secret: SECRET }]));
    for (const id of ['a', 'b', 'c']) {
      await raiser.healthChanged(id, 'healthy', 'degraded', null);
    }
    const [a, b] = await repository.list();
    await repository.markSent(a.id);
    await repository.markDead(b.id, 'gone');

    expect(await repository.prune(new Date(Date.now() - HOUR), 10)).toBe(0);
    expect(await repository.prune(new Date(Date.now() + HOUR), 10)).toBe(2);
    expect((await repository.list()).map((row) => row.connectorId)).toEqual(['c']);
  });
});

const blockedRun = (id: number) => ({
  id,
  connectorId: 'lhc',
  kind: 'reconcile',
  trigger: 'schedule',
  outcome: 'blocked',
  dryRun: false,
  counts: { failed: 0, rejected: 0 },
  error: 'would deactivate 3 of 4 linked operators',
});
