import type { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
import type { ReopenScenario } from '@app/simulator/evolution/evolution-reopen.scenario';
import type { EvolutionSimulator } from '@app/simulator/evolution/evolution.simulator';
import type { SimulatorServer } from '@app/simulator/framework/simulator-server';
import type { AssignableApiUserScenario } from '@app/simulator/livehelperchat/lhc.scenario';
import type { LiveHelperChatSimulator } from '@app/simulator/livehelperchat/livehelperchat.simulator';
import type { ChatHubSimulator } from '@app/simulator/smsbat-chathub/chathub.simulator';
import type { TencentCallbackSender } from '@app/simulator/tencent-chat/tencent-callback-sender';
import type { TencentChatSimulator } from '@app/simulator/tencent-chat/tencent.simulator';

export interface LhcDemoScenario {
  type: 'livehelperchat';
  lhc: LiveHelperChatSimulator;
  ids: AssignableApiUserScenario;
}

export interface ChatwootDemoScenario {
  type: 'chatwoot';
  chatwoot: ChatwootSimulator;
  evolution: EvolutionSimulator;
  reopen: ReopenScenario;
}

export interface ChatHubDemoScenario {
  type: 'smsbat-chathub';
  chathub: ChatHubSimulator;
}

export interface TencentDemoScenario {
  type: 'tencent-chat';
  tencent: TencentChatSimulator;
  /** IM accounts of the roster's agents, seeded with the app in the background (PushOnline). */
  agentUserIds: string[];
  /** Chat's callbacks to the daemon, signed with the connector's token; set once the daemon listens. */
  callbacks?: TencentCallbackSender;
}

/** What one connector's simulator was seeded with: the handles the demo drives its story with. */
export type DemoScenario = LhcDemoScenario | ChatwootDemoScenario | ChatHubDemoScenario | TencentDemoScenario;

/** A further server a connector talks to (Evolution beside Chatwoot), listening on `baseUrl`'s port. */
export interface Companion {
  name: string;
  simulator: SimulatorServer;
  baseUrl: string;
}

/** A seeded simulator standing in for one connector, before it is started. */
export interface ScenarioSetup {
  simulator: SimulatorServer;
  companions: Companion[];
  scenario: DemoScenario;
  /** Points what the platform sends (webhooks, callbacks) at the daemon's `/webhooks/:connectorId`. */
  wireWebhooks?: (webhookUrl: string) => void;
}
