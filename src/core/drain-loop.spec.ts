import { DrainLoop } from '@app/core/drain-loop';

describe(DrainLoop.name, () => {
  it('should run a drain once more after it when woken during it, and never two at once', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    let release!: () => void;
    let secondRan!: () => void;
    const firstHeld = new Promise<void>((done) => (release = done));
    const second = new Promise<void>((done) => (secondRan = done));
    const loop = new DrainLoop(async () => {
      running++;
      most = Math.max(most, running);
      runs++;
      if (runs === 1) {
        await firstHeld;
      } else {
        secondRan();
      }
      running--;
    }, 60_000);

    loop.wake();
    loop.wake();
    loop.wake();
    release();
    await second;
    await loop.stop();

    expect(runs).toBe(2);
    expect(most).toBe(1);
  });

  it('should start nothing once stopped', async () => {
    let runs = 0;
    const loop = new DrainLoop(() => {
      runs++;
      return Promise.resolve();
    }, 60_000);

    await loop.stop();
    loop.wake();

    expect(loop.stopped).toBe(true);
    expect(runs).toBe(0);
  });
});
