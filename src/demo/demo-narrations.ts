import type { ConnectorType } from '@app/core/config.types';
import { chatwootAct, chatwootChangeTellers, chatwootSeed } from '@app/demo/demo-chatwoot';
import { lhcAct, lhcChangeTellers, lhcSeed } from '@app/demo/demo-lhc';
import {
  type ChangeTeller,
  type ChangeView,
  type NarrationContext,
  nameOf,
  plural,
  remoteIdsOf,
} from '@app/demo/demo-narration';
import type { ActContext, ActOutcome } from '@app/demo/demo-story.types';
import { tencentAct, tencentSeed } from '@app/demo/demo-tencent';
import type { FindingKind } from '@app/reconcile/plan.types';
import type { DemoScenario } from '@app/simulator/scenarios/scenario.types';

type ScenarioOf<T extends ConnectorType> = Extract<DemoScenario, { type: T }>;

/** How the demo tells the story of one connector type. Data, joined to connectors by `type`. */
export interface ConnectorNarration<S extends DemoScenario = DemoScenario> {
  /** How the platform is called in sentences. */
  platform: string;
  /** The seeded problem, from the simulator before the bridge starts. */
  seed?(scenario: S): string[];
  /** Platform wording for findings, by kind; other kinds are told with the finding's own message. */
  findings?: Partial<Record<FindingKind, ChangeTeller>>;
  /** Platform wording for other changes, by field (settings chat-bridge enforces). */
  changes?: Record<string, ChangeTeller>;
  /** After the start-up run: shows the problem fixed on the simulator, live. */
  act?(act: ActContext<S>): Promise<ActOutcome>;
}

const CHATHUB_STATUSES = ['active', 'inactive', 'deleted'] as const;

const chatHubSummary = ({ startupRun, context }: ActContext): Promise<ActOutcome> => {
  const created = startupRun.changes.filter((c) => c.action === 'create' && c.outcome === 'applied');
  const ambiguous = startupRun.changes.filter((c) => c.action === 'report' && c.field === 'ambiguous');
  const names = (changes: ChangeView[]) => changes.map((c) => nameOf(c, context)).join(', ');
  return Promise.resolve({
    fixed: startupRun.outcome === 'ok',
    summary: `ChatHub: ${plural(created.length, 'operator')} created once${created.length > 0 ? ` (${names(created)})` : ''}${ambiguous.length > 0 ? `; ${names(ambiguous)}, whose name two operators share, reported and left alone instead of guessed or duplicated` : ''}`,
  });
};

/**
 * One entry per connector type the demo knows how to tell. A type without an entry still gets the
 * generic summary of its runs' changes, under its connector id.
 */
export const NARRATIONS: { [T in ConnectorType]?: ConnectorNarration<ScenarioOf<T>> } = {
  livehelperchat: {
    platform: 'LiveHelperChat',
    seed: lhcSeed,
    changes: lhcChangeTellers,
    act: lhcAct,
  },
  chatwoot: {
    platform: 'Chatwoot',
    seed: chatwootSeed,
    changes: chatwootChangeTellers,
    act: chatwootAct,
  },
  'smsbat-chathub': {
    platform: 'ChatHub',
    seed: ({ chathub }) => [
      chathub
        .operators()
        .map((o) => `${JSON.stringify(o.name)} (${o.id}, ${CHATHUB_STATUSES[o.status] ?? o.status})`)
        .join(', '),
    ],
    findings: {
      ambiguous: (finding, context) => {
        const ids = remoteIdsOf(finding);
        return `'${nameOf(finding, context)}' is ambiguous: ${ids.length} ChatHub operators share that name (ids ${ids.join(', ')}) — left alone, see chat-bridge doctor`;
      },
    },
    act: chatHubSummary,
  },
  'tencent-chat': { platform: 'Tencent Chat', seed: tencentSeed, act: tencentAct },
};

export const narrationFor = (type: ConnectorType, connectorId: string): ConnectorNarration =>
  NARRATIONS[type] ?? { platform: connectorId };

/** Findings by kind, other changes by field; undefined: the generic sentence. */
export const changeTeller =
  (narration: ConnectorNarration): ChangeTeller =>
  (change: ChangeView, context: NarrationContext) => {
    const field = change.field ?? '';
    return change.action === 'report'
      ? narration.findings?.[field as FindingKind]?.(change, context)
      : narration.changes?.[field]?.(change, context);
  };
