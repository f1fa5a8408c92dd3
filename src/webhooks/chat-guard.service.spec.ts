import type { DirectorySnapshot, OperatorState } from '@app/directory/directory-snapshot.service';
import type { AdapterRegistry } from '@app/platforms/adapter-registry';
import type {
  ChatPlatformAdapter,
  ChatReleaseFacet,
  SettingChange,
} from '@app/platforms/chat-platform.adapter';
import { type RunRecorder, type RunResult, type RunScope, outcomeOf } from '@app/runs/run-recorder.service';
import type { RunView } from '@app/runs/run.types';
import { ChatGuard } from '@app/webhooks/chat-guard.service';

const operator = (key: string, role: OperatorState['role']): OperatorState => ({
  key,
  name: key,
  role,
  status: 'active',
  availability: null,
  availabilityAt: 0,
  links: new Map(),
});

const resent: SettingChange = {
  operatorKey: 'api',
  field: 'exclude_autoasign@departments',
  before: null,
  after: 1,
  outcome: 'applied',
};

describe(ChatGuard.name, () => {
  let calls: string[];
  let chatRelease: jest.Mocked<ChatReleaseFacet>;
  let known: Map<string, OperatorState>;
  let runs: Array<{ scope: RunScope; view: RunView }>;
  let sut: ChatGuard;

  beforeEach(() => {
    calls = [];
    known = new Map([
      ['7', operator('api', 'integration')],
      ['8', operator('anna', 'agent')],
    ]);
    chatRelease = {
      release: jest.fn(({ chatId }) => {
        calls.push(`release ${chatId}`);
        return Promise.resolve();
      }),
      isIntegrationAccount: jest.fn((remoteId) => Promise.resolve(remoteId === '1')),
      reexclude: jest.fn(({ remoteId, operatorKey }) => {
        calls.push(`reexclude ${remoteId}`);
        return Promise.resolve([{ ...resent, operatorKey: operatorKey ?? 'admin (API user)' }]);
      }),
    };
    runs = [];
    const recorder = {
      record: async (scope: RunScope, work: () => Promise<RunResult>) => {
        const { changes } = await work();
        const view = { outcome: outcomeOf(changes, scope.kind), changes, error: null } as unknown as RunView;
        runs.push({ scope, view });
        return view;
      },
    } as unknown as RunRecorder;
    const adapters = {
      get: (id: string) => (id === 'lhc' ? ({ chatRelease } as unknown as ChatPlatformAdapter) : undefined),
    } as unknown as AdapterRegistry;
    const snapshot = {
      findByRemote: (_connectorId: string, remoteId: string) => known.get(remoteId),
    } as unknown as DirectorySnapshot;
    sut = new ChatGuard(adapters, recorder, snapshot);
  });

  it('should re-send the exclusion, then hand the chat back, in one chat-release run when an integration account got it', async () => {
    await sut.onAssigned('lhc', '41', '7');

    expect(calls).toEqual(['reexclude 7', 'release 41']);
    expect(runs.map((r) => r.scope)).toEqual([
      { connectorId: 'lhc', kind: 'chat-release', trigger: 'event' },
    ]);
    expect(runs[0].view.changes.map((c) => [c.operatorKey, c.field, c.outcome])).toEqual([
      ['api', 'exclude_autoasign@departments', 'applied'],
      ['api', 'chat.owner', 'applied'],
    ]);
  });

  it('should treat the platform own API user as an integration account when it is in no roster', async () => {
    await sut.onAssigned('lhc', '42', '1');

    expect(chatRelease.reexclude).toHaveBeenCalledWith({ remoteId: '1', operatorKey: null });
    expect(runs[0].view.changes.at(-1)).toMatchObject({
      operatorKey: 'admin (API user)',
      field: 'chat.owner',
    });
  });

  it.each([
    ['a directory agent', '8'],
    ['an account nobody knows', '99'],
  ])('should leave the chat alone when it went to %s', async (_case, remoteId) => {
    await sut.onAssigned('lhc', '43', remoteId);

    expect(calls).toEqual([]);
    expect(runs).toEqual([]);
  });

  it('should throw, so the event is retried, when the hand-back failed', async () => {
    chatRelease.release.mockRejectedValueOnce(new Error('LHC is down'));

    await expect(sut.onAssigned('lhc', '44', '7')).rejects.toThrow('LHC is down');
  });

  it('should not retry for an exclusion only the admin can fix when the chat was handed back', async () => {
    chatRelease.reexclude.mockResolvedValueOnce([
      { operatorKey: 'api', field: 'always_on', before: 1, after: 0, outcome: 'failed', error: 'untick it' },
    ]);

    await expect(sut.onAssigned('lhc', '45', '7')).resolves.toBeUndefined();
    expect(runs[0].view.outcome).toBe('partial');
  });
});
