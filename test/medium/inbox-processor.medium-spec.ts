import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { MetricsService } from '@app/metrics/metrics.service';
import type { CanonicalEvent } from '@app/platforms/webhook.types';
import type { EventApplier } from '@app/webhooks/event-applier.service';
import { InboxProcessor } from '@app/webhooks/inbox-processor.service';

import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const POLICY = { maxAttempts: 3, backoffBaseMs: 5, backoffCapMs: 20, idlePollMs: 10 };

const event = (key: string): CanonicalEvent => ({
  kind: 'operator-changed',
  dedupeKey: key,
  occurredAt: new Date().toISOString(),
  remoteId: key,
});

// A deadline, not a count of short sleeps: on a loaded machine each probe (a query) takes longer.
const until = async (probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) {
      return;
    }
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error(`condition never met within ${timeoutMs} ms`);
};

describe.each(DATABASE_KINDS)(`${InboxProcessor.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let inbox: InboxRepository;
  let sut: InboxProcessor;
  let applied: string[];
  let failing: Set<string>;

  beforeEach(() => {
    inbox = new InboxRepository(db.dataSource);
    applied = [];
    failing = new Set();
    const applier = {
      apply: (_connectorId: string, e: CanonicalEvent) => {
        if (failing.has(e.dedupeKey)) {
          return Promise.reject(new Error(`cannot apply ${e.dedupeKey}`));
        }
        applied.push(e.dedupeKey);
        return Promise.resolve();
      },
    } as unknown as EventApplier;
    sut = new InboxProcessor(applier, inbox, new MetricsService(), POLICY);
  });

  afterEach(async () => {
    await sut.onApplicationShutdown();
  });

  const store = (...keys: string[]) =>
    inbox.insertEvents(
      keys.map((k) => ({
        connectorId: 'c',
        dedupeKey: k,
        kind: 'operator-changed',
        payload: JSON.stringify(event(k)),
      })),
    );
  const stateOf = async (key: string) =>
    (await inbox.list({ connectorId: 'c', limit: 100 })).find((e) => e.dedupeKey === key)?.state;

  it('should apply stored events and mark them done', async () => {
    await store('a', 'b');
    sut.wake();
    await until(async () => (await stateOf('b')) === 'done');
    expect(applied.sort()).toEqual(['a', 'b']);
  });

  it('should pick up events stored before it started (a restart after a crash)', async () => {
    await store('before-restart');
    await sut.onApplicationBootstrap();
    await until(async () => (await stateOf('before-restart')) === 'done');
  });

  it('should release on SQLite the claims of a process that was killed mid-batch', async () => {
    await store('claimed-then-killed');
    await inbox.claimDue({ limit: 10 }); // a processor took it, then the process died
    await sut.onApplicationBootstrap();
    if (kind === 'sqlite') {
      await until(async () => (await stateOf('claimed-then-killed')) === 'done');
    } else {
      // PostgreSQL: another replica may hold it; it waits for its lease. An event stored after it
      // being done proves the processor has had its chance to claim the old one (no sleep).
      await store('stored-after');
      sut.wake();
      await until(async () => (await stateOf('stored-after')) === 'done');
      expect(await stateOf('claimed-then-killed')).toBe('pending');
      expect(applied).toEqual(['stored-after']);
    }
  });

  it('should retry a failing event and mark it dead after its last attempt, then replay it', async () => {
    failing.add('poison');
    await store('poison', 'fine');
    sut.wake();
    await until(async () => (await stateOf('poison')) === 'dead');
    const dead = (await inbox.list({ state: 'dead', connectorId: 'c', limit: 10 }))[0];
    expect(dead).toEqual(
      expect.objectContaining({
        dedupeKey: 'poison',
        attempts: POLICY.maxAttempts,
        lastError: 'cannot apply poison',
      }),
    );
    expect(await stateOf('fine')).toBe('done');

    failing.delete('poison');
    await inbox.replay(dead.id);
    sut.wake();
    await until(async () => (await stateOf('poison')) === 'done');
    expect(applied).toContain('poison');
  });
});
