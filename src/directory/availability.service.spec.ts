import type { BridgeConfigService } from '@app/config/bridge-config.service';
import type { ChangeListener } from '@app/database/change-listener';
import type {
  AvailabilityEchoRepository,
  EchoKey,
} from '@app/database/repositories/availability-echo.repository';
import type {
  AvailabilityObservationRepository,
  ObservationWrite,
} from '@app/database/repositories/availability-observation.repository';
import type { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import type { OperatorRepository } from '@app/database/repositories/operator.repository';
import { AvailabilityService } from '@app/directory/availability.service';
import { DirectorySnapshot as Snapshot } from '@app/directory/directory-snapshot.service';
import { EchoRegistry } from '@app/directory/echo-registry';
import type { Availability } from '@app/core/operator.types';
import type { AdapterRegistry } from '@app/platforms/adapter-registry';
import type { ChatPlatformAdapter, SetAvailabilityParams } from '@app/platforms/chat-platform.adapter';
import { outcomeOf, type RunRecorder, type RunResult } from '@app/runs/run-recorder.service';

/** A platform that reports every write back as a webhook, like LHC or Chatwoot do. */
interface EchoingPlatform {
  id: string;
  writes: Availability[];
  adapter: ChatPlatformAdapter;
}

const platform = (id: string, onWrite: (id: string, p: SetAvailabilityParams) => void): EchoingPlatform => {
  const writes: Availability[] = [];
  const adapter = {
    connectorId: id,
    availabilityWrite: {
      write: (params: SetAvailabilityParams) => {
        writes.push(params.availability);
        onWrite(id, params);
        return Promise.resolve();
      },
    },
  } as unknown as ChatPlatformAdapter;
  return { id, writes, adapter };
};

const setup = (propagate: 'unavailable' | 'all' | 'none', { shared = false } = {}) => {
  const echoes: Array<{ connectorId: string; remoteId: string; availability: Availability }> = [];
  const platforms = ['a', 'b'].map((id) =>
    platform(id, (connectorId, p) =>
      echoes.push({ connectorId, remoteId: p.remoteId, availability: p.availability }),
    ),
  );
  const stored = { availability: null as Availability | null, at: 0 };
  // The database, as far as these tests need it: one operator linked on A and B.
  const storedLinks = ['a', 'b'].map((connectorId) => ({
    connectorId,
    operatorKey: 'ann',
    remoteId: `${connectorId}-1`,
    remoteAvailability: 'online',
  }));
  const row = () => ({
    key: 'ann',
    name: 'Ann',
    email: 'ann@x',
    role: 'agent',
    status: 'active',
    availability: stored.availability,
    availabilityAt: stored.at === 0 ? null : new Date(stored.at),
    links: storedLinks.map((link) => ({ ...link })),
  });
  const operators = {
    findAll: () => Promise.resolve([row()]),
    findByKeys: (keys: string[]) => Promise.resolve(keys.includes('ann') ? [row()] : []),
    setAvailability: ({ availability, at }: { availability: Availability; at: Date }) => {
      if (at.getTime() <= stored.at) {
        return Promise.resolve(false);
      }
      Object.assign(stored, { availability, at: at.getTime() });
      return Promise.resolve(true);
    },
  } as unknown as OperatorRepository;
  const links = {
    findOperatorKey: (connectorId: string, remoteId: string) =>
      Promise.resolve(
        storedLinks.find((l) => l.connectorId === connectorId && l.remoteId === remoteId)?.operatorKey,
      ),
    setRemoteAvailability: (connectorId: string, remoteId: string, availability: Availability) => {
      const link = storedLinks.find((l) => l.connectorId === connectorId && l.remoteId === remoteId);
      if (link) {
        link.remoteAvailability = availability;
      }
      return Promise.resolve(link !== undefined);
    },
  } as unknown as OperatorLinkRepository;
  // shared: other replicas write the same database (PostgreSQL with notices).
  const changes = { subscribe: () => undefined, enabled: shared } as unknown as ChangeListener;
  const snapshot = new Snapshot(changes, links, operators);
  // The shared echo table (AvailabilityEchoRepository), without expiry: medium tests cover that.
  const writes: EchoKey[] = [];
  const echoTable = {
    remember: (echo: EchoKey) => Promise.resolve(void writes.push(echo)),
    consume: (key: EchoKey) => {
      const index = writes.findIndex(
        (w) =>
          w.connectorId === key.connectorId &&
          w.remoteId === key.remoteId &&
          w.availability === key.availability,
      );
      if (index >= 0) {
        writes.splice(index, 1);
      }
      return Promise.resolve(index >= 0);
    },
  };
  const echoStore = echoTable as unknown as AvailabilityEchoRepository;
  // One observation's transaction (AvailabilityObservationRepository), over the same fakes.
  const observations = {
    record: async (write: ObservationWrite) => {
      await links.setRemoteAvailability(write.connectorId, write.remoteId, write.availability);
      const echo = await echoTable.consume(write);
      const merged =
        echo || write.weak ? false : await operators.setAvailability({ ...write, key: write.operatorKey });
      return { echo, stored: merged };
    },
  } as unknown as AvailabilityObservationRepository;
  const config = {
    availability: { propagate },
    connector: () => ({ enabled: true }),
  } as unknown as BridgeConfigService;
  const registry = {
    get: (id: string) => platforms.find((p) => p.id === id)?.adapter,
  } as unknown as AdapterRegistry;
  // Runs the work in place, as the recorder does once it holds the connector's lock.
  const recorder = {
    record: async (_scope: unknown, work: () => Promise<RunResult>) => {
      const { changes } = await work();
      return { outcome: outcomeOf(changes, 'availability'), changes };
    },
  } as unknown as RunRecorder;
  const sut = new AvailabilityService(
    registry,
    config,
    new EchoRegistry(echoStore),
    links,
    observations,
    recorder,
    snapshot,
  );
  return { sut, snapshot, platforms, echoes, stored, storedLinks };
};

describe(AvailabilityService.name, () => {
  it('should never ping-pong between two platforms when each echoes the other’s writes late', async () => {
    const { sut, snapshot, platforms, echoes, stored } = setup('all');
    await snapshot.refresh();
    const [a, b] = platforms;
    // Ann goes offline on A; chat-bridge pushes offline to B.
    await sut.observe({
      connectorId: 'a',
      remoteId: 'a-1',
      availability: 'offline',
      occurredAt: new Date(1_000),
    });
    // Before B's echo arrives, Ann comes back online on A; chat-bridge pushes online to B.
    await sut.observe({
      connectorId: 'a',
      remoteId: 'a-1',
      availability: 'online',
      occurredAt: new Date(2_000),
    });
    // Now B's webhooks arrive, stamped later than both, in the order B received the writes.
    let time = 3_000;
    while (echoes.length > 0) {
      const echo = echoes.shift()!;
      await sut.observe({ ...echo, occurredAt: new Date((time += 1_000)) });
    }
    expect(b.writes).toEqual(['offline', 'online']);
    expect(a.writes).toEqual([]);
    expect(stored.availability).toBe('online');
  });

  it('should let the latest observation win whatever order deliveries arrive in', async () => {
    const { sut, snapshot, stored } = setup('none');
    await snapshot.refresh();
    expect(
      await sut.observe({
        connectorId: 'a',
        remoteId: 'a-1',
        availability: 'busy',
        occurredAt: new Date(5_000),
      }),
    ).toBe('applied');
    expect(
      await sut.observe({
        connectorId: 'b',
        remoteId: 'b-1',
        availability: 'online',
        occurredAt: new Date(4_000),
      }),
    ).toBe('stale');
    expect(stored.availability).toBe('busy');
    expect(snapshot.get('ann')?.availability).toBe('busy');
  });

  it.each([
    [true, ['online']],
    [false, []],
  ])(
    'should decide from the database whether B needs a push when replicas share it (%s), from the view otherwise',
    async (shared, pushedToB) => {
      const { sut, snapshot, platforms, storedLinks } = setup('all', { shared });
      await snapshot.refresh();
      // Another replica pushed offline to B and stored it; this replica's view has not heard yet.
      storedLinks[1].remoteAvailability = 'offline';

      await sut.observe({
        connectorId: 'a',
        remoteId: 'a-1',
        availability: 'online',
        occurredAt: new Date(1_000),
      });

      // Alone on its database, the view is the truth: nobody else can have written B.
      expect(platforms[1].writes).toEqual(pushedToB);
    },
  );

  it('should push going unavailable but not coming online when propagate is unavailable', async () => {
    const { sut, snapshot, platforms } = setup('unavailable');
    await snapshot.refresh();
    await sut.observe({
      connectorId: 'a',
      remoteId: 'a-1',
      availability: 'busy',
      occurredAt: new Date(1_000),
    });
    await sut.observe({
      connectorId: 'a',
      remoteId: 'a-1',
      availability: 'online',
      occurredAt: new Date(2_000),
    });
    expect(platforms[1].writes).toEqual(['busy']);
  });

  it('should push nothing when propagate is none', async () => {
    const { sut, snapshot, platforms } = setup('none');
    await snapshot.refresh();
    await sut.observe({
      connectorId: 'a',
      remoteId: 'a-1',
      availability: 'offline',
      occurredAt: new Date(1_000),
    });
    expect(platforms[1].writes).toEqual([]);
  });

  it('should record but never propagate a weak offline', async () => {
    const { sut, snapshot, platforms, stored } = setup('all');
    await snapshot.refresh();
    expect(
      await sut.observe({
        connectorId: 'a',
        remoteId: 'a-1',
        availability: 'offline',
        occurredAt: new Date(1_000),
        weak: true,
      }),
    ).toBe('weak');
    expect(platforms[1].writes).toEqual([]);
    expect(stored.availability).toBeNull();
  });

  it('should not let a poll that reads an unchanged state outrank a newer webhook from another platform', async () => {
    const { sut, snapshot, stored } = setup('none');
    await snapshot.refresh();
    // B was last seen online (the link); A's webhook says offline at t=5000.
    await sut.observe({
      connectorId: 'a',
      remoteId: 'a-1',
      availability: 'offline',
      occurredAt: new Date(5_000),
    });
    // B is polled later and still reads online: nothing happened on B.
    expect(
      await sut.observe({
        connectorId: 'b',
        remoteId: 'b-1',
        availability: 'online',
        occurredAt: new Date(9_000),
        polled: true,
      }),
    ).toBe('unchanged');
    expect(stored.availability).toBe('offline');
    // A poll that reads a real change on B is news.
    expect(
      await sut.observe({
        connectorId: 'b',
        remoteId: 'b-1',
        availability: 'busy',
        occurredAt: new Date(10_000),
        polled: true,
      }),
    ).toBe('applied');
  });

  it('should ignore observations of remote operators linked to nobody', async () => {
    const { sut, snapshot } = setup('all');
    await snapshot.refresh();
    expect(
      await sut.observe({
        connectorId: 'a',
        remoteId: 'stranger',
        availability: 'offline',
        occurredAt: new Date(),
      }),
    ).toBe('unknown-operator');
  });
});
