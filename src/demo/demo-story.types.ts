import type { ConnectorConfig } from '@app/core/config.types';
import type { LoadedConfig } from '@app/config/load-config';
import type { DemoAdminClient } from '@app/demo/demo-admin.client';
import type { NarrationContext } from '@app/demo/demo-narration';
import type { RunView } from '@app/reconcile/reconcile.types';
import type { DemoScenario } from '@app/simulator/scenarios/scenario.types';
import type { RunningSimulator } from '@app/simulator/scenarios/simulator-fleet';

export interface DemoStory {
  loaded: LoadedConfig;
  fleet: RunningSimulator[];
  client: DemoAdminClient;
  /** The daemon's start: start-up runs older than this belong to an earlier demo. */
  since: Date;
  /** As the user should type it in a curl line. */
  tokenForDisplay: string;
}

/** What one platform's act works with: its connector, its seeded simulator, its start-up run. */
export interface ActContext<S extends DemoScenario = DemoScenario> {
  story: DemoStory;
  connector: ConnectorConfig;
  scenario: S;
  context: NarrationContext;
  startupRun: RunView;
}

/** What an act showed, for the closing summary. */
export interface ActOutcome {
  fixed: boolean;
  /** One line: the problem and what became of it. */
  summary: string;
}
