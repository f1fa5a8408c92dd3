import { ChatHubState } from '@app/simulator/smsbat-chathub/chathub-state';

describe(ChatHubState.name, () => {
  let sut: ChatHubState;

  beforeEach(() => {
    sut = new ChatHubState();
    sut.seed({ organizations: [{ id: 24, name: 'Customer Support' }] });
  });

  it('should return copies when operators are listed', () => {
    sut.seed({ operators: [{ name: 'Alex', organizationId: 24 }] });

    sut.operatorList()[0].name = 'Mallory';

    expect(sut.operatorList()[0].name).toBe('Alex');
  });

  it('should continue after the highest seeded id when operators are created', () => {
    sut.seed({ operators: [{ id: 150, name: 'Alex', organizationId: 24 }] });

    expect(sut.create([{ organizationId: 24, name: 'Emma' }])).toEqual([
      { id: 151, name: 'Emma', status: 0, organizationId: 24 },
    ]);
  });

  it('should throw when a seeded operator refers to an unknown organization', () => {
    expect(() => sut.seed({ operators: [{ name: 'Alex', organizationId: 1 }] })).toThrow(
      'unknown organization 1',
    );
  });

  it('should throw when a seeded id is already taken', () => {
    sut.seed({ operators: [{ id: 100, name: 'Alex', organizationId: 24 }] });

    expect(() => sut.seed({ operators: [{ id: 100, name: 'Emma', organizationId: 24 }] })).toThrow(
      'already taken',
    );
  });

  it('should report false and change nothing when the status target is unknown', () => {
    expect(sut.setStatus(100, 1)).toBe(false);
    expect(sut.operatorList()).toEqual([]);
  });
});
