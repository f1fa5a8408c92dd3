import { type ReopenFacts, shouldReopen } from '@app/conversations/reopen-rule';

const policy = { inboxes: [3], reopenedStatus: 'open' as const };
const facts = (overrides: Partial<ReopenFacts> = {}): ReopenFacts => ({
  status: 'pending',
  previousStatus: 'resolved',
  inboxId: '3',
  ...overrides,
});

describe(shouldReopen.name, () => {
  it('should reopen when a resolved conversation came back pending in a configured inbox', () => {
    expect(shouldReopen(facts(), policy)).toBe(true);
  });

  it('should reopen when an agent had replied and the customer wrote last even without seeing resolved', () => {
    expect(
      shouldReopen(facts({ previousStatus: null, agentReplied: true, lastMessageIncoming: true }), policy),
    ).toBe(true);
  });

  it.each<[string, Partial<ReopenFacts>]>([
    ['the conversation is open', { status: 'open' }],
    ['the inbox is not configured', { inboxId: '4' }],
    ['an agent bot holds it', { assigneeType: 'AgentBot' }],
    ['it was never resolved and nobody replied', { previousStatus: 'pending' }],
    [
      'an agent replied but the agent spoke last',
      { previousStatus: null, agentReplied: true, lastMessageIncoming: false },
    ],
  ])('should leave it alone when %s', (_label, overrides) => {
    expect(shouldReopen(facts(overrides), policy)).toBe(false);
  });

  it('should leave everything alone when reopenedStatus is keep', () => {
    expect(shouldReopen(facts(), { ...policy, reopenedStatus: 'keep' })).toBe(false);
  });
});
