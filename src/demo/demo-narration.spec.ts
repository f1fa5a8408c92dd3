import { describeRun, runHeadline, type ChangeView, type NarrationContext } from '@app/demo/demo-narration';
import { changeTeller, narrationFor } from '@app/demo/demo-narrations';
import type { RunView } from '@app/reconcile/reconcile.types';

const change = (overrides: Partial<ChangeView>): ChangeView => ({
  operatorKey: null,
  action: 'report',
  field: null,
  before: null,
  after: null,
  outcome: 'applied',
  error: null,
  ...overrides,
});

const run = (overrides: Partial<RunView> = {}): RunView => ({
  id: 1,
  connectorId: 'chathub',
  kind: 'reconcile',
  trigger: 'startup',
  dryRun: false,
  outcome: 'ok',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:00.250Z',
  counts: { planned: 3, applied: 3, failed: 0, rejected: 0, unknown: 0, findings: 1 },
  error: null,
  changes: [
    change({ operatorKey: 'anna', action: 'create', after: { name: 'Anna Kovalenko', remoteId: '104' } }),
    change({ operatorKey: 'olena', action: 'create', after: { name: 'Olena Petrenko', remoteId: '105' } }),
    change({
      operatorKey: 'sarah',
      action: 'link',
      field: 'identity',
      after: { remoteId: '101', matchedBy: 'name' },
    }),
    change({
      operatorKey: 'john',
      field: 'ambiguous',
      before: ['100', '103'],
      after: '2 remote operators match the name "john smith" (ids 100, 103)',
      outcome: 'skipped',
    }),
  ],
  ...overrides,
});

const contextFor = (platform: string): NarrationContext => ({
  platform,
  names: new Map([
    ['john', 'John Smith'],
    ['sarah', 'Sarah Johnson'],
  ]),
});

describe(describeRun.name, () => {
  it('should tell creates, links and the duplicate in ChatHub words when the connector is ChatHub', () => {
    const narration = narrationFor('smsbat-chathub', 'chathub');

    const lines = describeRun(run(), contextFor(narration.platform), changeTeller(narration));

    expect(lines).toEqual([
      '2 operators created on ChatHub: Anna Kovalenko (104), Olena Petrenko (105)',
      '1 existing ChatHub operator linked by name: Sarah Johnson (101)',
      "'John Smith' is ambiguous: 2 ChatHub operators share that name (ids 100, 103) — left alone, see chat-bridge doctor",
    ]);
  });

  it('should fall back to the generic sentences when the platform has no wording for a change', () => {
    const narration = narrationFor('tencent-chat', 'tencent');

    const lines = describeRun(
      run({ connectorId: 'tencent' }),
      contextFor(narration.platform),
      changeTeller(narration),
    );

    expect(narration.platform).toBe('Tencent Chat');
    expect(lines).toContain(
      '2 operators created on Tencent Chat: Anna Kovalenko (104), Olena Petrenko (105)',
    );
    expect(lines).toContain('John Smith: 2 remote operators match the name "john smith" (ids 100, 103)');
  });

  it("should tell the integration account's LHC settings in LHC words, the connector's own account included", () => {
    const narration = narrationFor('livehelperchat', 'lhc');
    const enforced = run({
      connectorId: 'lhc',
      changes: [
        change({ operatorKey: 'api', action: 'update', field: 'hide_online', before: 0, after: 1 }),
        change({ operatorKey: null, action: 'update', field: 'exclude_autoasign', before: 0, after: 1 }),
      ],
    });

    const lines = describeRun(
      enforced,
      { platform: narration.platform, names: new Map([['api', 'Integration API user']]) },
      changeTeller(narration),
    );

    expect(lines).toEqual([
      'Integration API user: set offline (hide_online 0 → 1), sent with its departments so LHC rewrites every department row',
      "chat-bridge's own API account: excluded from auto-assignment in lh_users and every department row (exclude_autoasign 0 → 1)",
    ]);
  });

  it('should tell the Evolution setting it left alone, not as a bare planned change, when enforce is off', () => {
    const narration = narrationFor('chatwoot', 'chatwoot');
    const left = run({
      connectorId: 'chatwoot',
      changes: [
        change({
          action: 'update',
          field: 'evolution.conversationPending',
          before: true,
          after: false,
          outcome: 'planned',
        }),
      ],
    });

    const lines = describeRun(left, contextFor(narration.platform), changeTeller(narration));

    expect(lines).toEqual([expect.stringContaining('Evolution has conversationPending: true')]);
  });

  it('should say why nothing was applied when the run is blocked or failed', () => {
    const blocked = run({
      outcome: 'blocked',
      error: '3 operators would be deactivated or deleted, more than the threshold of 1',
      changes: [change({ operatorKey: 'sarah', action: 'update', field: 'status', outcome: 'skipped' })],
    });
    const failed = run({ outcome: 'failed', error: 'AUTH_FAILED: 401', changes: [] });

    expect(describeRun(blocked, contextFor('ChatHub'))).toEqual([
      expect.stringContaining('blocked by the deletion safeguard, nothing applied: 3 operators would be'),
      '1 change planned but not applied',
    ]);
    expect(describeRun(failed, contextFor('ChatHub'))).toEqual(['the run failed: AUTH_FAILED: 401']);
  });
});

describe(runHeadline.name, () => {
  it('should name the platform, trigger, outcome and counts when the run finished', () => {
    expect(runHeadline(run(), contextFor('ChatHub'))).toBe(
      'ChatHub (connector chathub), start-up run #1: ok in 0.3 s — 3 of 3 planned changes applied, 1 finding',
    );
  });
});
