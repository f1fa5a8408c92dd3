import { AssignmentStateService } from '@app/assignment/assignment-state.service';
import type { ChangeListener, ChangeSubscriber } from '@app/database/change-listener';
import type {
  AssignmentChange,
  AssignmentStateRepository,
  LoadedAssignmentState,
} from '@app/database/repositories/assignment-state.repository';

const NOW = Date.now();
const session = (operatorKey: string) => ({ connectorId: 'tencent', operatorKey, at: NOW });
const wire = (change: AssignmentChange) => ({
  s: change.sessions.map((s) => [s.connectorId, s.operatorKey, s.at]),
  c: change.cursors.map((c) => [c.connectorId, c.rotation]),
  k: change.sticky.map((k) => [k.connectorId, k.clientUserId, k.operatorKey]),
});
const nothing = { sessions: [], cursors: [], sticky: [] };

const setup = () => {
  let subscriber: ChangeSubscriber | undefined;
  const changes = {
    replicaId: 'me',
    subscribe: (s: ChangeSubscriber) => (subscriber = s),
  } as unknown as ChangeListener;
  const loads: Array<(state: LoadedAssignmentState) => void> = [];
  const saved: AssignmentChange[] = [];
  const repository = {
    load: () => new Promise<LoadedAssignmentState>((resolve) => loads.push(resolve)),
    save: (change: AssignmentChange) => Promise.resolve(void saved.push(change)),
    prune: () => Promise.resolve(),
  } as unknown as AssignmentStateRepository;
  const sut = new AssignmentStateService(changes, repository);
  const notify = (version: number, sessions: string[], origin = 'other') =>
    subscriber?.onChange({
      version,
      origin,
      topic: 'assignment',
      data: wire({ ...nothing, sessions: sessions.map(session) }),
    });
  return { sut, loads, saved, notify, resync: () => subscriber?.onResync() };
};

describe(AssignmentStateService.name, () => {
  it('should count a session once when its notice arrives while a load that holds it is read', async () => {
    const { sut, loads, notify } = setup();
    const started = sut.onApplicationBootstrap();

    notify(5, ['ann']); // committed before the load's snapshot (version 5): the load has it
    notify(6, ['bob']); // committed after: the load does not
    loads[0]({ version: 5, ...nothing, sessions: [session('ann')] });
    await started;

    expect([sut.sessions('ann', NOW), sut.sessions('bob', NOW)]).toEqual([1, 1]);
  });

  it('should ignore its own notices and count other replicas’ newer ones', async () => {
    const { sut, loads, notify } = setup();
    const started = sut.onApplicationBootstrap();
    loads[0]({ version: 3, ...nothing });
    await started;

    notify(3, ['ann']);
    notify(4, ['bob'], 'me');
    notify(5, ['cid']);

    expect(['ann', 'bob', 'cid'].map((key) => sut.sessions(key, NOW))).toEqual([0, 0, 1]);
  });

  it('should count an answer at once and store it after', async () => {
    const { sut, loads, saved } = setup();
    const started = sut.onApplicationBootstrap();
    loads[0]({ version: 0, ...nothing });
    await started;

    sut.recordAnswer({
      ...nothing,
      sessions: [session('ann')],
      cursors: [{ connectorId: 'tencent', rotation: 1 }],
    });

    expect([sut.sessions('ann', NOW), sut.rotation('tencent'), saved.length]).toEqual([1, 1, 0]);
    await sut.flushed();
    expect(saved).toEqual([
      { ...nothing, sessions: [session('ann')], cursors: [{ connectorId: 'tencent', rotation: 1 }] },
    ]);
  });

  it('should keep a cursor that only moves forward, whatever order notices arrive in', async () => {
    const { sut, loads } = setup();
    const started = sut.onApplicationBootstrap();
    loads[0]({ version: 0, ...nothing, cursors: [{ connectorId: 'tencent', rotation: 7 }] });
    await started;

    sut.recordAnswer({ ...nothing, cursors: [{ connectorId: 'tencent', rotation: 5 }] });

    expect(sut.rotation('tencent')).toBe(7);
  });
});
