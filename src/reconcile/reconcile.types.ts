import type { RunTrigger } from '@app/runs/run.types';

export type {
  ChangeOutcome,
  ChangeRecord,
  RunCounts,
  RunKind,
  RunOutcome,
  RunTrigger,
  RunView,
} from '@app/runs/run.types';

export interface ReconcileRequest {
  connectorId: string;
  trigger: RunTrigger;
  dryRun?: boolean;
  allowDeletes?: boolean;
  /** How long to wait when another run holds the connector (default 0: busy at once). */
  waitMs?: number;
  /** Who asks, named to whoever finds the connector busy meanwhile. */
  holder?: string;
  /** Provision on demand: plan and write for this operator only (no upkeep, no import). */
  operatorKey?: string;
}
