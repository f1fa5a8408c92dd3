import { selectAgents, type SelectAgentsParams } from '@app/assignment/select-agents';

const candidates = ['ann', 'bob', 'cid', 'dan'].map((key) => ({ key, agentId: `${key}@example.com` }));
const params = (overrides: Partial<SelectAgentsParams> = {}): SelectAgentsParams => ({
  candidates,
  strategy: 'least-busy',
  maxAgents: 2,
  load: () => 0,
  rotation: 0,
  ...overrides,
});
const keys = (p: SelectAgentsParams) => selectAgents(p).agents.map((a) => a.key);

describe(selectAgents.name, () => {
  it('should offer the operators with the fewest recent sessions when the strategy is least-busy', () => {
    const load = { ann: 3, bob: 0, cid: 1, dan: 0 } as Record<string, number>;
    expect(keys(params({ load: (k) => load[k] }))).toEqual(['bob', 'dan']);
  });

  it('should rotate through the operators when the strategy is round-robin', () => {
    const first = selectAgents(params({ strategy: 'round-robin', maxAgents: 1 }));
    const second = selectAgents(params({ strategy: 'round-robin', maxAgents: 1, rotation: first.rotation }));
    const fifth = selectAgents(params({ strategy: 'round-robin', maxAgents: 1, rotation: 4 }));
    expect([first.agents[0].key, second.agents[0].key, fifth.agents[0].key]).toEqual(['ann', 'bob', 'ann']);
  });

  it('should put the previous agent first when the strategy is sticky and that agent is eligible', () => {
    expect(keys(params({ strategy: 'sticky', previous: 'cid', load: (k) => (k === 'cid' ? 9 : 0) }))).toEqual(
      ['cid', 'ann'],
    );
  });

  it('should fall back to least-busy when the sticky agent is no longer eligible', () => {
    expect(keys(params({ strategy: 'sticky', previous: 'zed', load: (k) => (k === 'ann' ? 2 : 0) }))).toEqual(
      ['bob', 'cid'],
    );
  });

  it('should offer nobody when nobody is eligible', () => {
    expect(selectAgents(params({ candidates: [] })).agents).toEqual([]);
  });

  it('should offer at most maxAgents', () => {
    expect(keys(params({ maxAgents: 3 }))).toHaveLength(3);
  });
});
