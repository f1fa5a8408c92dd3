import { testClock } from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import { autoAssign } from '@app/simulator/livehelperchat/lhc-assignment';
import { applySeed } from '@app/simulator/livehelperchat/lhc-seed';
import { LhcState } from '@app/simulator/livehelperchat/lhc-state';
import type { LhcSeed, LhcUserSeed } from '@app/simulator/livehelperchat/lhc.types';

describe(autoAssign.name, () => {
  let clock: ReturnType<typeof testClock>;
  let state: LhcState;

  const seed = (candidate: Partial<LhcUserSeed>, extra: LhcSeed = {}): void => {
    applySeed(state, {
      departments: [{ id: 1, name: 'Sales', autoAssign: true }, ...(extra.departments ?? [])],
      departmentGroups: extra.departmentGroups,
      users: [{ username: 'op', departments: [1], active: true, ...candidate }],
      chats: [{ id: 10, depId: 1 }, ...(extra.chats ?? [])],
    });
  };
  const assignedTo = (chatId = 10) => {
    const result = autoAssign(state, chatId);
    return result.assigned ? state.users.get(result.userId)?.username : result.reason;
  };

  beforeEach(() => {
    clock = testClock();
    state = new LhcState(() => Math.floor(clock.now() / 1000), 300);
  });

  it('should assign and raise the event when an active operator has a row in the chat department', () => {
    seed({});

    expect(assignedTo()).toBe('op');
    expect(state.chats.get(10)).toMatchObject({
      user_id: 1,
      status: 0,
      tslasign: Math.floor(clock.now() / 1000),
    });
    expect(state.events.map((e) => e.name)).toEqual(['chat.data_changed_auto_assign']);
  });

  it('should still assign an invisible operator when invisible mode is on (finding 2)', () => {
    seed({ invisible: true });

    expect(assignedTo()).toBe('op');
  });

  it('should still assign when lh_users says excluded but the rows do not (finding 1)', () => {
    seed({ excludeAutoassign: true, rowsExcludeAutoassign: false });

    expect(assignedTo()).toBe('op');
  });

  it.each<[string, Partial<LhcUserSeed>]>([
    ['offline', { hideOnline: true }],
    ['excluded in its rows', { excludeAutoassign: true }],
    ['a read-only member', { departments: [], departmentsRead: [1] }],
    ['in all departments only', { departments: [], allDepartments: true }],
    ['disabled', { disabled: true }],
    ['inactive', { active: false }],
  ])('should not assign an operator who is %s', (_label, candidate) => {
    seed(candidate);

    expect(assignedTo()).toBe('no eligible operator');
  });

  it('should count an inactive operator as active when always_on is set', () => {
    seed({ active: false, alwaysOn: true });

    expect(assignedTo()).toBe('op');
  });

  it('should time an operator out when the last activity is older than online_timeout', () => {
    seed({});
    clock.advance(301);

    expect(assignedTo()).toBe('no eligible operator');
  });

  it('should assign through a department-group row when the group holds the department', () => {
    seed(
      { departments: [], departmentGroups: [5] },
      { departmentGroups: [{ id: 5, name: 'G', departmentIds: [1] }] },
    );

    expect(assignedTo()).toBe('op');
  });

  it('should refuse when auto-assignment is off in the department', () => {
    applySeed(state, {
      departments: [{ id: 1, name: 'Manual' }],
      users: [{ username: 'op', departments: [1], active: true }],
      chats: [{ id: 10, depId: 1 }],
    });

    expect(assignedTo()).toBe('auto-assignment is off in the department');
  });

  it('should leave a chat alone when it already has an owner or is not pending', () => {
    seed({}, { chats: [{ id: 11, depId: 1, status: 1 }] });
    autoAssign(state, 10);

    expect([assignedTo(10), assignedTo(11)]).toEqual([
      'the chat already has an owner',
      'the chat is not pending',
    ]);
  });

  it('should stop at the operator capacity when max_active_chats is reached', () => {
    seed({ maxActiveChats: 1 }, { chats: [{ id: 11, depId: 1 }] });
    autoAssign(state, 10);
    clock.advance(5);

    expect(assignedTo(11)).toBe('no eligible operator');
  });

  it('should prefer the operator who accepted longest ago when several are eligible', () => {
    applySeed(state, {
      departments: [{ id: 1, name: 'Sales', autoAssign: true }],
      users: [
        { username: 'first', departments: [1], active: true },
        { username: 'second', departments: [1], active: true },
      ],
      chats: [
        { id: 10, depId: 1 },
        { id: 11, depId: 1 },
      ],
    });

    const first = assignedTo(10);
    clock.advance(1);
    const second = assignedTo(11);

    expect([first, second]).toEqual(['first', 'second']);
  });
});
