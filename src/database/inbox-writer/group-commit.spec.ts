import { GroupCommit } from '@app/database/inbox-writer/group-commit';

describe(GroupCommit.name, () => {
  const make = (commit: (items: number[]) => number[], maxBatch = 100) => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>({
      commit: (items) => {
        batches.push(items);
        return commit(items);
      },
      turn: async (work) => work(),
      maxBatch,
    });
    return { group, batches };
  };

  it('should write items submitted together in one batch and answer each its own outcome', async () => {
    const { group, batches } = make((items) => items.map((item) => item * 10));

    const outcomes = await Promise.all([1, 2, 3].map((item) => group.submit(item)));

    expect(outcomes).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('should put items beyond the batch size in the next transaction', async () => {
    const { group, batches } = make((items) => items, 2);

    await Promise.all([1, 2, 3, 4, 5].map((item) => group.submit(item)));

    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('should refuse only the item that cannot be written when its batch rolls back, and still write the next ones', async () => {
    const { group, batches } = make((items) => {
      if (items.includes(0)) {
        throw new Error('rolled back');
      }
      return items;
    });

    const settled = await Promise.allSettled([group.submit(1), group.submit(0), group.submit(2)]);
    const after = await group.submit(7);

    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[1]).toEqual({ status: 'rejected', reason: new Error('rolled back') });
    expect(batches).toEqual([[1, 0, 2], [1], [0], [2], [7]]);
    expect(after).toBe(7);
  });
});
