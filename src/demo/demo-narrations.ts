import type { ConnectorType } from '@app/config/config.types';
import type { FindingKind } from '@app/reconcile/plan.types';
import type { SimulatorServer } from '@app/simulator/framework/simulator-server';
import { ChatHubSimulator } from '@app/simulator/smsbat-chathub/chathub.simulator';
import {
  type ChangeView,
  type FindingTeller,
  type NarrationContext,
  nameOf,
  remoteIdsOf,
} from '@app/demo/demo-narration';

type FindingTellers = Partial<
  Record<FindingKind, (finding: ChangeView, context: NarrationContext) => string>
>;

/** How the demo tells the story of one connector type. Data, joined to connectors by `type`. */
export interface ConnectorNarration {
  /** How the platform is called in sentences. */
  platform: string;
  /** The seeded problem, in one line, from the simulator before the bridge starts. */
  seed?: (simulator: SimulatorServer) => string | undefined;
  /** Platform wording for findings by kind; other kinds are told with the finding's own message. */
  findings?: FindingTellers;
}

const CHATHUB_STATUSES = ['active', 'inactive', 'deleted'] as const;

/**
 * One entry per connector type the demo knows how to tell. A type without an entry still gets the
 * generic summary of its runs' changes, under its connector id.
 */
export const NARRATIONS: { [T in ConnectorType]?: ConnectorNarration } = {
  'smsbat-chathub': {
    platform: 'ChatHub',
    seed: (simulator) =>
      simulator instanceof ChatHubSimulator
        ? simulator
            .operators()
            .map((o) => `${JSON.stringify(o.name)} (${o.id}, ${CHATHUB_STATUSES[o.status] ?? o.status})`)
            .join(', ')
        : undefined,
    findings: {
      ambiguous: (finding, context) => {
        const ids = remoteIdsOf(finding);
        return `'${nameOf(finding, context)}' is ambiguous: ${ids.length} ChatHub operators share that name (ids ${ids.join(', ')}) — left alone, see chat-bridge doctor`;
      },
    },
  },
  'tencent-chat': { platform: 'Tencent Chat' },
};

export const narrationFor = (type: ConnectorType, connectorId: string): ConnectorNarration =>
  NARRATIONS[type] ?? { platform: connectorId };

export const findingTeller =
  (narration: ConnectorNarration): FindingTeller =>
  (finding, context) => {
    const tell = narration.findings?.[finding.field as FindingKind];
    return tell?.(finding, context);
  };
