import type { ConnectorConfig } from '@app/core/config.types';
import type { LoadedConfig } from '@app/config/load-config';
import { describeRun, type NarrationContext, plural, runHeadline, say } from '@app/demo/demo-narration';
import { changeTeller, narrationFor } from '@app/demo/demo-narrations';
import type { ActOutcome, DemoStory } from '@app/demo/demo-story.types';
import type { RunView } from '@app/reconcile/reconcile.types';
import type { RunningSimulator } from '@app/simulator/scenarios/simulator-fleet';

export type { DemoStory } from '@app/demo/demo-story.types';

const STARTUP_TIMEOUT_MS = 60_000;

const enabledConnectors = (loaded: LoadedConfig): ConnectorConfig[] =>
  loaded.config.connectors.filter((c) => c.enabled);

const contextFor = (loaded: LoadedConfig, connector: ConnectorConfig): NarrationContext => ({
  platform: narrationFor(connector.type, connector.id).platform,
  names: new Map(loaded.config.directory.roster.map((entry) => [entry.key, entry.name])),
});

const tellRun = (loaded: LoadedConfig, run: RunView): void => {
  const connector = loaded.config.connectors.find((c) => c.id === run.connectorId)!;
  const context = contextFor(loaded, connector);
  say(runHeadline(run, context));
  const lines = describeRun(run, context, changeTeller(narrationFor(connector.type, connector.id)));
  for (const line of lines.length > 0 ? lines : ['nothing to change']) {
    say(`  ${line}`);
  }
};

/** Before the daemon starts: the roster, and what each simulator was seeded with. */
export const tellTheSetting = (loaded: LoadedConfig, fleet: RunningSimulator[]): void => {
  const { directory } = loaded.config;
  if (directory.source === 'roster') {
    const entries = directory.roster.map((e) =>
      e.role === 'integration'
        ? `${e.name} (integration: never created, kept unassignable)`
        : e.status === 'active'
          ? e.name
          : `${e.name} (${e.status})`,
    );
    say(`roster of ${loaded.path}: ${entries.join(', ')}`);
  } else {
    say(`directory source: connector "${directory.source}" (its operators are the truth)`);
  }
  for (const connector of enabledConnectors(loaded)) {
    const narration = narrationFor(connector.type, connector.id);
    const running = fleet.find((s) => s.connectorId === connector.id);
    if (!running) {
      say(`connector "${connector.id}" (${connector.type}) has no simulator: its runs will not connect`);
      continue;
    }
    say(`${narration.platform} simulator for connector "${connector.id}" at ${running.url}`);
    running.companions.forEach((c) => say(`  with the ${c.name} simulator at ${c.url}`));
    narration.seed?.(running.scenario).forEach((line) => say(`  seeded: ${line}`));
  }
};

const tellSecondRun = async (story: DemoStory, connector: ConnectorConfig): Promise<void> => {
  const context = contextFor(story.loaded, connector);
  const simulator = story.fleet.find((s) => s.connectorId === connector.id)?.simulator;
  const writesBefore = simulator?.writeCalls() ?? 0;
  const run = await story.client.reconcile(connector.id);
  const writes = simulator ? simulator.writeCalls() - writesBefore : undefined;
  say(runHeadline(run, context));
  if (run.outcome === 'failed' || run.outcome === 'blocked') {
    describeRun(run, context).forEach((line) => say(`  ${line}`));
    return;
  }
  const changes = run.changes.filter((c) => c.action !== 'report');
  const applied = changes.filter((c) => c.outcome === 'applied').length;
  const appliedText = applied === 0 ? 'nothing' : plural(applied, 'change');
  if (writes === undefined) {
    say(`  applied ${appliedText} (no simulator here to count its write calls)`);
  } else if (applied === 0 && writes === 0) {
    say(
      `  applied ${appliedText} and made 0 write calls to the ${context.platform} simulator: nothing changed, so nothing is written`,
    );
  } else {
    say(
      `  applied ${appliedText} and made ${plural(writes, 'write call')} to the ${context.platform} simulator`,
    );
  }
  const tell = changeTeller(narrationFor(connector.type, connector.id));
  for (const change of changes.filter((c) => c.outcome !== 'applied')) {
    say(
      `  not applied: ${tell(change, context) ?? `${change.action} ${change.field ?? ''} (${change.outcome})`}`,
    );
  }
};

/** One platform's start-up run, then its act: the problem shown fixed on the simulator. */
const tellPlatform = async (story: DemoStory, connector: ConnectorConfig, run: RunView) => {
  tellRun(story.loaded, run);
  const narration = narrationFor(connector.type, connector.id);
  const running = story.fleet.find((s) => s.connectorId === connector.id);
  if (!narration.act || !running || run.outcome === 'failed') {
    return undefined;
  }
  const act = { story, connector, scenario: running.scenario, context: contextFor(story.loaded, connector) };
  return narration.act({ ...act, startupRun: run }).catch((error: unknown): ActOutcome => ({
    fixed: false,
    summary: `${narration.platform}: the demo's check failed: ${error instanceof Error ? error.message : String(error)}`,
  }));
};

const tellWhereToLook = (story: DemoStory): void => {
  const url = story.client.baseUrl;
  say('');
  say('Look around while it runs:');
  say(
    `  ${url}/ui/             the operator console: sign in with the admin token (${story.tokenForDisplay})`,
  );
  say(`  ${url}/api/docs         the admin API, browsable (OpenAPI at ${url}/api/openapi.json)`);
  say(`  ${url}/api/operators    operators with their links and per-platform state`);
  say(`  ${url}/api/runs         the audit log: every run and change`);
  say(`  ${url}/api/connectors   connectors, health and next run`);
  say(`  ${url}/metrics          Prometheus metrics (no token)`);
  say(`  curl -s -H 'Authorization: Bearer ${story.tokenForDisplay}' ${url}/api/operators`);
  for (const running of story.fleet) {
    say(`  ${running.url}/__simulator/calls   calls the "${running.connectorId}" simulator received`);
    running.companions.forEach((c) =>
      say(`  ${c.url}/__simulator/calls   calls its ${c.name} simulator received`),
    );
  }
  say(
    `  npx chat-bridge doctor --config ${story.loaded.path}   (another terminal: the settings behind the findings)`,
  );
  const schedules = enabledConnectors(story.loaded).map(
    (c) =>
      `${c.id} ${c.schedule.kind === 'interval' ? `every ${c.schedule.text}` : `on "${c.schedule.expression}"`}`,
  );
  say(`The daemon keeps reconciling on schedule (${schedules.join(', ')}). Press Ctrl-C to stop.`);
};

/** Waits for the start-up runs, tells and shows what they fixed, runs once more to show nothing is written. */
export const tellTheStory = async (story: DemoStory): Promise<void> => {
  const connectors = enabledConnectors(story.loaded);
  const ids = connectors.map((c) => c.id);
  say(`waiting for the start-up run of ${ids.join(', ')}…`);
  const firstRuns = await story.client.waitForStartupRuns(ids, story.since, STARTUP_TIMEOUT_MS);
  const outcomes: ActOutcome[] = [];
  for (const [index, connector] of connectors.entries()) {
    say('');
    const outcome = await tellPlatform(story, connector, firstRuns[index]);
    if (outcome) {
      outcomes.push(outcome);
    }
  }
  say('');
  say('Second run of each connector, asked for through POST /api/connectors/:id/reconcile:');
  for (const connector of connectors) {
    await tellSecondRun(story, connector);
  }
  say('');
  const seconds = ((Date.now() - story.since.getTime()) / 1000).toFixed(0);
  say(`What chat-bridge found and fixed, ${seconds} s after it started:`);
  outcomes.forEach((o) => say(`  ${o.fixed ? 'fixed' : 'NOT FIXED'}  ${o.summary}`));
  tellWhereToLook(story);
};
