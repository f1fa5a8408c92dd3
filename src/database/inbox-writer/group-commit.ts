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
 * Each submitter's promise settles only after the transaction holding its item committed, or
 * rejects with that transaction's error (and then none of its batch is stored).
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
          batch.forEach((waiting) => waiting.reject(error));
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
