import type { BenchRow } from '../results-schema';

/** What a run of the bench was asked to do (the `settings` of the results file). */
export interface BenchSettings {
  /** Roster size of the sync phases (and of rss.peak). */
  syncOperators: number;
  /** Roster size of the ingestion, assignment and soak daemons, all logged in. */
  onlineOperators: number;
  /** Length of each ingestion and assignment load. */
  loadSeconds: number;
  connections: number;
  assignRate: number;
  assignConnections: number;
  soakSeconds: number;
  soakRate: number;
  soakSampleSeconds: number;
}

/** One part of the bench: a daemon of its own, measured for these rows. */
export interface Phase {
  name: string;
  /** The rows it produces (ids, labels, units, targets), also used to report a failure. */
  rows: Array<Pick<BenchRow, 'id' | 'label' | 'unit' | 'target'>>;
  /** Rows of other phases that need this one run first (the sync phases feed rss.peak). */
  feeds?: string[];
  run(settings: BenchSettings): Promise<BenchRow[]>;
}
