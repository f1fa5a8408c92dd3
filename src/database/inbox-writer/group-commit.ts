interface Waiting<I, O> {
  item: I;
  resolve: (outcome: O) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitParams<I, O> {
  /** Writes `items` in ONE transaction and answers one outcome per item, in order; throws if it rolled back. */
  commit: (items: I[]) => O[] | Promise<O[]>;
  /**
   * Waits for the moment `commit` may run (SQLite: the connection's write queue) and runs it. The
   * batch is taken only then, so whatever arrived while waiting joins it.
   */
  turn: (work: () => O[] | Promise<O[]>) => Promise<O[]>;
  /** Items per transaction at most; the rest go in the next one. */
  maxBatch: number;
}

/**
 * Group commit: items submitted while a transaction is being written (or waits for its turn) are
 * written together in the next one, so N concurrent deliveries cost one BEGIN/COMMIT instead of N.
 * Each submitter's promise settles only after the transaction holding its item committed. When a
 * batch rolls back, its items are written again one per transaction, so a submitter is refused
 * only for its own item's error.
 */
export class GroupCommit<I, O> {
  private waiting: Array<Waiting<I, O>> = [];
  private flushing = false;

  constructor(private readonly params: GroupCommitParams<I, O>) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // After the event loop's poll phase: every request read in it joins the first transaction.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        let batch: Array<Waiting<I, O>> = [];
        try {
          const outcomes = await this.params.turn(() => {
            batch = this.waiting.splice(0, this.params.maxBatch);
            return this.params.commit(batch.map((waiting) => waiting.item));
          });
          batch.forEach((waiting, index) => waiting.resolve(outcomes[index]));
        } catch (error) {
          if (batch.length === 1) {
            batch[0].reject(error);
          } else {
            // One bad item must not fail the deliveries that happened to share its transaction:
            // each is written again alone, so only the one that cannot be stored is refused.
            await this.commitOneByOne(batch);
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitOneByOne(batch: Array<Waiting<I, O>>): Promise<void> {
    for (const waiting of batch) {
      try {
        const [outcome] = await this.params.turn(() => this.params.commit([waiting.item]));
        waiting.resolve(outcome);
      } catch (error) {
        waiting.reject(error);
      }
    }
  }
}
