import { SessionLoad } from '@app/assignment/session-load';

describe(SessionLoad.name, () => {
  it('should count the sessions of the window, whatever order they were recorded in', () => {
    const sut = new SessionLoad(1_000);
    for (const at of [500, 100, 900, 1_500, 1_200]) {
      sut.record('ann', at);
    }

    expect(sut.count('ann', 1_500)).toBe(3); // 100 and 500 have left the (1 s) window
    expect(sut.count('ann', 2_000)).toBe(2);
    expect(sut.count('bob', 2_000)).toBe(0);
  });

  it('should count a session recorded late, after older ones expired', () => {
    const sut = new SessionLoad(1_000);
    sut.record('ann', 100);
    expect(sut.count('ann', 1_500)).toBe(0);

    sut.record('ann', 1_400);
    sut.record('ann', 1_300);

    expect(sut.count('ann', 2_350)).toBe(1);
  });
});
