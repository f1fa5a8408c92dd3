const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

/** Sessions per operator in a sliding window: from Desk session events and our own answers. */
export class SessionLoad {
  private readonly sessions = new Map<string, number[]>();

  constructor(private readonly windowMs = DEFAULT_WINDOW_MS) {}

  record(key: string, at: number): void {
    const times = this.sessions.get(key) ?? [];
    times.push(at);
    this.sessions.set(key, times);
  }

  count(key: string, now: number): number {
    const times = this.sessions.get(key);
    if (!times) {
      return 0;
    }
    const recent = times.filter((t) => t > now - this.windowMs);
    this.sessions.set(key, recent);
    return recent.length;
  }
}
