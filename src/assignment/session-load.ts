const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

/**
 * Sessions per operator in a sliding window: from Desk session events and every replica's answers.
 * Times are kept in order, so counting drops the expired ones from the front instead of scanning
 * them all: an answer counts every candidate's load.
 */
export class SessionLoad {
  private readonly sessions = new Map<string, number[]>();

  constructor(private readonly windowMs = DEFAULT_WINDOW_MS) {}

  record(key: string, at: number): void {
    const times = this.sessions.get(key) ?? [];
    // Almost always the latest; another replica's may arrive a little out of order.
    let index = times.length;
    while (index > 0 && times[index - 1] > at) {
      index--;
    }
    times.splice(index, 0, at);
    this.sessions.set(key, times);
  }

  count(key: string, now: number): number {
    const times = this.sessions.get(key);
    if (!times) {
      return 0;
    }
    const cutoff = now - this.windowMs;
    let expired = 0;
    while (expired < times.length && times[expired] <= cutoff) {
      expired++;
    }
    if (expired > 0) {
      times.splice(0, expired);
    }
    return times.length;
  }

  /** Drops what left the window, for every operator. */
  prune(now: number): void {
    for (const key of [...this.sessions.keys()]) {
      if (this.count(key, now) === 0) {
        this.sessions.delete(key);
      }
    }
  }
}
