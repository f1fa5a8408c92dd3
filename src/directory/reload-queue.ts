type Keys = readonly string[] | 'all';

interface Batch {
  keys: Set<string>;
  all: boolean;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/**
 * Runs reloads one at a time and merges the requests that arrive meanwhile into the next one. A
 * request resolves once a reload that started after it has finished, so its caller reads a view
 * at least as fresh as the database was when it asked.
 */
export class ReloadQueue {
  private next?: Batch;
  private running = false;

  constructor(private readonly reload: (keys: Keys) => Promise<void>) {}

  request(keys: Keys): Promise<void> {
    const batch = (this.next ??= { keys: new Set(), all: false, waiters: [] });
    if (keys === 'all') {
      batch.all = true;
    } else {
      keys.forEach((key) => batch.keys.add(key));
    }
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (!this.running) {
      void this.run();
    }
    return done;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.next !== undefined) {
        const batch = this.next;
        this.next = undefined;
        try {
          await this.reload(batch.all ? 'all' : [...batch.keys]);
          batch.waiters.forEach((waiter) => waiter.resolve());
        } catch (error) {
          batch.waiters.forEach((waiter) => waiter.reject(error));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
