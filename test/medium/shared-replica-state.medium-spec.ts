import type { DataSource } from 'typeorm';

import { AssignmentStateService } from '@app/assignment/assignment-state.service';
import { AssignmentService } from '@app/assignment/assignment.service';
import type { TencentAssignmentOptions } from '@app/core/config.types';
import { ChangeListener } from '@app/database/change-listener';
import { openDataSource } from '@app/database/database.module';
import { AssignmentStateRepository } from '@app/database/repositories/assignment-state.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import type { AdapterRegistry } from '@app/platforms/adapter-registry';
import { operatorFactory, operatorLinkFactory } from '../factories/operator.factory';
import { eventually } from './support/eventually';
import { useTestDatabase } from './support/test-database';

// Load is counted over the last hour of the real clock (and pruned by it), so the test uses it.
const T0 = new Date(Date.now() - 1_000);
const AGENTS = ['ann', 'bob', 'cid'];

/** One replica's in-memory side, as the daemon wires it, on a data source of its own. */
class Replica {
  readonly listener: ChangeListener;
  readonly snapshot: DirectorySnapshot;
  readonly state: AssignmentStateService;
  readonly assignment: AssignmentService;

  constructor(
    readonly dataSource: DataSource,
    policy: TencentAssignmentOptions,
  ) {
    this.listener = new ChangeListener(dataSource, { listen: true });
    this.snapshot = new DirectorySnapshot(
      this.listener,
      new OperatorLinkRepository(dataSource),
      new OperatorRepository(dataSource),
    );
    this.state = new AssignmentStateService(this.listener, new AssignmentStateRepository(dataSource));
    const adapters = {
      get: () => ({
        assignment: { policy, agentIdOf: (o: { email?: string }) => o.email, reply: (a: unknown) => a },
      }),
    } as unknown as AdapterRegistry;
    this.assignment = new AssignmentService(adapters, this.snapshot, this.state);
  }

  async start(): Promise<this> {
    await this.listener.onModuleInit();
    await this.snapshot.onApplicationBootstrap();
    await this.state.onApplicationBootstrap();
    return this;
  }

  /** The keys offered, best first, with the state this answer added stored and announced. */
  async ask(clientUserId = 'customer'): Promise<string[]> {
    const answer = this.assignment.answer('tencent', { sessionId: 's', clientUserId } as never);
    await this.state.flushed();
    return answer.agentIds.map((email) => email.split('@')[0]);
  }

  async stop(): Promise<void> {
    await this.state.beforeApplicationShutdown();
    await this.listener.onModuleDestroy();
    await this.dataSource.destroy();
  }
}

// Two replicas in one process: A and B each have their own pool and listener on one database.
describe('shared state of replicas on postgres', () => {
  const db = useTestDatabase('postgres');
  const replicas: Replica[] = [];

  const start = async (policy: Partial<TencentAssignmentOptions> = {}): Promise<[Replica, Replica]> => {
    const operators = new OperatorRepository(db.dataSource);
    const links = new OperatorLinkRepository(db.dataSource);
    await operators.upsertMany(
      AGENTS.map((key) => operatorFactory({ key, email: `${key}@example.com` })),
      T0,
    );
    for (const key of AGENTS) {
      await operators.setAvailability({ key, availability: 'online', at: T0, connectorId: 'tencent' });
      await links.upsert(
        operatorLinkFactory({ operatorKey: key, connectorId: 'tencent', remoteId: `op_${key}` }),
      );
    }
    const full = { strategy: 'least-busy' as const, maxAgents: 3, ...policy };
    for (let i = 0; i < 2; i++) {
      replicas.push(await new Replica(await openDataSource(db.url), full).start());
    }
    return [replicas[0], replicas[1]];
  };

  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.stop()));
  });

  it('should show on one replica, within a second, an availability another replica stored', async () => {
    const [a, b] = await start();
    const started = Date.now();

    await new OperatorRepository(a.dataSource).setAvailability({
      key: 'ann',
      availability: 'offline',
      at: new Date(T0.getTime() + 1),
      connectorId: 'tencent',
    });

    await eventually(
      () => (b.snapshot.get('ann')?.availability === 'offline' ? true : undefined),
      'B to see it',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await b.ask()).toEqual(['bob', 'cid']);
  });

  it('should see on one replica a link another replica made when an event names it', async () => {
    const [a, b] = await start();
    await new OperatorLinkRepository(a.dataSource).upsert(
      operatorLinkFactory({ operatorKey: 'ann', connectorId: 'lhc', remoteId: '42' }),
    );

    expect((await b.snapshot.resolveRemote('lhc', '42'))?.key).toBe('ann');
  });

  it('should continue the round-robin where the other replica left off', async () => {
    const [a, b] = await start({ strategy: 'round-robin', maxAgents: 1 });

    expect(await a.ask()).toEqual(['ann']);
    await eventually(() => (b.state.rotation('tencent') === 1 ? true : undefined), 'B to see the cursor');
    expect(await b.ask()).toEqual(['bob']);
    await eventually(() => (a.state.rotation('tencent') === 2 ? true : undefined), 'A to see the cursor');
    expect(await a.ask()).toEqual(['cid']);
  });

  it('should offer a customer the agent the other replica offered them before (sticky)', async () => {
    const [a, b] = await start({ strategy: 'sticky', maxAgents: 1 });

    expect(await a.ask('customer-1')).toEqual(['ann']);
    await eventually(() => (b.state.previous('tencent', 'customer-1') ? true : undefined), 'B to see it');

    // ann is now the busiest (A's answer counts as her load), yet the customer gets her again.
    expect(await b.ask('customer-1')).toEqual(['ann']);
    expect(await b.ask('customer-2')).toEqual(['bob']);
  });

  it('should rank agents by the sessions recorded on every replica (least-busy)', async () => {
    const [a, b] = await start();

    for (const key of ['ann', 'ann', 'ann', 'bob']) {
      await a.assignment.recordSession('tencent', `${key}@example.com`, T0.getTime());
    }

    const counted = (key: string) => b.state.sessions(key, Date.now());
    await eventually(
      () => (counted('ann') === 3 && counted('bob') === 1 ? true : undefined),
      'B to count them',
    );
    expect(await b.ask()).toEqual(['cid', 'bob', 'ann']);
  });
});
