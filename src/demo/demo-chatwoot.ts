import { doctorFindings } from '@app/demo/demo-doctor';
import { type ChangeTeller, member, plural, say, show } from '@app/demo/demo-narration';
import type { ActContext, ActOutcome } from '@app/demo/demo-story.types';
import { sleep, waitUntil } from '@app/demo/demo-wait';
import { CHATWOOT_SIM_ROUTES } from '@app/simulator/chatwoot/chatwoot.types';
import type { ChatwootDemoScenario } from '@app/simulator/scenarios/scenario.types';

const REPAIR_TIMEOUT_MS = 10_000;
// Room for a second, unwanted toggle to show up in the count.
const SETTLE_MS = 500;

/** Before the daemon starts: the resolved conversation and the Evolution settings that reopen it. */
export const chatwootSeed = ({ chatwoot, evolution, reopen }: ChatwootDemoScenario): string[] => {
  const conversation = chatwoot.conversation(reopen.conversationId);
  const agent = chatwoot.agent(reopen.agentId);
  const settings = evolution.chatwootSettings(reopen.instance);
  return [
    `conversation #${reopen.conversationId} with ${conversation?.contact.name ?? 'a customer'} (WhatsApp inbox ${reopen.inboxId}), ${conversation?.status ?? '?'} by ${agent?.name ?? 'an agent'}`,
    `Evolution instance "${reopen.instance}" feeds that inbox with reopenConversation: ${settings?.reopenConversation} and conversationPending: ${settings?.conversationPending}`,
  ];
};

export const chatwootChangeTellers: Record<string, ChangeTeller> = {
  'evolution.conversationPending': (change) =>
    change.outcome === 'applied'
      ? `Evolution: conversationPending ${show(change.before)} → ${show(change.after)} at the source (options.evolution.enforce: true)`
      : `Evolution has conversationPending: ${show(change.before)}, which sends every reopened conversation to pending; left as it is (options.evolution.enforce: false), so chat-bridge opens them itself`,
  'conversation.status': (change) =>
    change.outcome === 'applied'
      ? `conversation #${member(change.after, 'conversationId') ?? '?'}: ${member(change.before, 'status') ?? '?'} → ${member(change.after, 'status') ?? '?'} (its webhook was lost; found by the sweep)`
      : undefined,
};

const tellDoctor = async ({ story, connector }: ActContext<ChatwootDemoScenario>): Promise<boolean> => {
  const findings = await doctorFindings(story.loaded, connector).catch(() => []);
  const cause = findings.find((f) => f.message.includes('conversationPending'));
  if (!cause) {
    say(`  chat-bridge doctor --config ${story.loaded.path} did not name conversationPending`);
    return false;
  }
  say(`  chat-bridge doctor names the cause: ${cause.message}`);
  say(`    fix: ${cause.fix}`);
  return true;
};

/** The customer writes again through Evolution; the conversation must end open, with one toggle. */
export const chatwootAct = async (act: ActContext<ChatwootDemoScenario>): Promise<ActOutcome> => {
  const { chatwoot, evolution, reopen } = act.scenario;
  const togglesBefore = chatwoot.calls(CHATWOOT_SIM_ROUTES.toggleStatus);
  const started = Date.now();
  const forwarded = evolution.forwardCustomerMessage({
    instance: reopen.instance,
    remoteJid: reopen.remoteJid,
    content: 'Oi, de novo! O pedido ainda não chegou.',
  });
  const customer = chatwoot.conversation(forwarded.conversationId)?.contact.name ?? 'the customer';
  say(
    `  proof: ${customer} writes again on WhatsApp; Evolution reopens conversation #${forwarded.conversationId} as ${forwarded.status}`,
  );
  const opened = await waitUntil(
    () => (chatwoot.conversation(forwarded.conversationId)?.status === 'open' ? Date.now() : undefined),
    REPAIR_TIMEOUT_MS,
  );
  await chatwoot.webhooksSettled();
  await sleep(SETTLE_MS);
  const toggles = chatwoot.calls(CHATWOOT_SIM_ROUTES.toggleStatus) - togglesBefore;
  const status = chatwoot.conversation(forwarded.conversationId)?.status ?? '?';
  say(
    opened === undefined
      ? `  proof: after ${REPAIR_TIMEOUT_MS / 1000} s it is still ${status} (${plural(toggles, 'toggle_status call')})`
      : `  proof: chat-bridge set it open ${((opened - started) / 1000).toFixed(1)} s later, with ${plural(toggles, 'toggle_status call')}; now ${status}`,
  );
  const named = await tellDoctor(act);
  const fixed = opened !== undefined && status === 'open' && toggles === 1;
  return {
    fixed,
    summary: fixed
      ? `Chatwoot: conversation #${forwarded.conversationId}, reopened by ${customer} as pending, is open (1 toggle_status)${named ? '; doctor names conversationPending: true as the cause' : ''}`
      : `Chatwoot: conversation #${forwarded.conversationId} is ${status} after ${plural(toggles, 'toggle_status call')}`,
  };
};
