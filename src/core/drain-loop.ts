/**
 * Runs `drain` in the background whenever woken, never two at once: a wake during a drain runs it
 * once more right after (what arrived meanwhile is not left for the next poll); idle, it wakes
 * itself every `idlePollMs` (for what becomes due by time). `stop` claims nothing more and
 * resolves when the drain in progress is over. The inbox processor and the alert deliverer use it.
 */
export class DrainLoop {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopping = false;

  constructor(
    private readonly drain: () => Promise<void>,
    private readonly idlePollMs: number,
  ) {}

  /** True once `stop` was called: a drain checks it between batches. */
  get stopped(): boolean {
    return this.stopping;
  }

  wake(): void {
    if (this.stopping) {
      return;
    }
    if (this.draining) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      } else if (!this.stopping) {
        this.timer = setTimeout(() => this.wake(), this.idlePollMs);
        this.timer.unref();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.draining;
  }
}
