import type { EvolutionOptions } from '@app/core/config.types';
import type { EnforceSettingsParams, SettingChange } from '@app/platforms/chat-platform.adapter';
import type { ChatwootClient } from '@app/platforms/chatwoot/chatwoot.client';
import { isHeldOffline } from '@app/platforms/chatwoot/chatwoot.mapper';
import { EVOLUTION_ENFORCED, EVOLUTION_SETTING_FIELDS } from '@app/platforms/chatwoot/chatwoot.options';
import type { EvolutionChatwootSettings } from '@app/platforms/chatwoot/chatwoot.types';
import type { EvolutionClient } from '@app/platforms/chatwoot/evolution.client';
import { isPlatformError } from '@app/core/platform-error';

export interface ChatwootSettingsContext {
  client: ChatwootClient;
  evolution?: { client: EvolutionClient; options: EvolutionOptions };
}

type Drift = Pick<SettingChange, 'field' | 'before' | 'after'>;

export const describeFailure = (error: unknown): string =>
  isPlatformError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);

/**
 * Integration accounts are held offline so Chatwoot never assigns them a conversation; Evolution's
 * `conversationPending`/`reopenConversation` are checked (and, with `enforce`, set) at the source
 * of the reopened-pending problem. Only differences are returned.
 */
export const enforceChatwootSettings = async (
  context: ChatwootSettingsContext,
  params: EnforceSettingsParams,
): Promise<SettingChange[]> => [
  ...(await holdIntegrationAccountsOffline(context.client, params)),
  ...(context.evolution ? await enforceEvolution(context.evolution, params.dryRun) : []),
];

const holdIntegrationAccountsOffline = async (
  client: ChatwootClient,
  { integrationAccounts, dryRun }: EnforceSettingsParams,
): Promise<SettingChange[]> => {
  if (integrationAccounts.length === 0) {
    return [];
  }
  const agents = new Map((await client.listAgents()).map((agent) => [String(agent.id), agent]));
  const changes: SettingChange[] = [];
  for (const { operator, remoteId } of integrationAccounts) {
    const agent = agents.get(remoteId);
    // A vanished agent is the operator sync's business (stale link), not a setting.
    if (!agent || isHeldOffline(agent)) {
      continue;
    }
    const change: SettingChange = {
      operatorKey: operator.key,
      field: 'availability',
      before: { availability_status: agent.availability_status, auto_offline: agent.auto_offline },
      after: { availability: 'offline', auto_offline: false },
      outcome: 'planned',
    };
    if (!dryRun) {
      try {
        await client.updateAgent(remoteId, {
          role: agent.role,
          availability: 'offline',
          auto_offline: false,
        });
        change.outcome = 'applied';
      } catch (error) {
        Object.assign(change, { outcome: 'failed', error: describeFailure(error) });
      }
    }
    changes.push(change);
  }
  return changes;
};

/** What differs from the values that make Chatwoot reopen conversations as `open`. */
export const evolutionDrift = (settings: EvolutionChatwootSettings): Drift[] => {
  if (!settings.enabled) {
    return []; // nothing is forwarded, so nothing is set pending
  }
  const drift: Drift[] = [];
  // The DB defaults are false for both: an absent field counts as false.
  if (settings.conversationPending === true) {
    drift.push({ field: 'evolution.conversationPending', before: true, after: false });
  }
  if (settings.reopenConversation !== true) {
    drift.push({
      field: 'evolution.reopenConversation',
      before: settings.reopenConversation ?? null,
      after: true,
    });
  }
  return drift;
};

/** Every `/chatwoot/set` field exactly as `find` returned it, with the two enforced values. */
export const evolutionSetBody = (settings: EvolutionChatwootSettings): Record<string, unknown> => ({
  ...Object.fromEntries(
    EVOLUTION_SETTING_FIELDS.filter((field) => settings[field] !== undefined && settings[field] !== null).map(
      (field) => [field, settings[field]],
    ),
  ),
  ...EVOLUTION_ENFORCED,
});

const enforceEvolution = async (
  evolution: NonNullable<ChatwootSettingsContext['evolution']>,
  dryRun: boolean,
): Promise<SettingChange[]> => {
  let settings: EvolutionChatwootSettings;
  try {
    settings = await evolution.client.findChatwootSettings();
  } catch (error) {
    // Evolution being down (or unlicensed) must not fail the Chatwoot run: it is reported.
    const failed: SettingChange = {
      operatorKey: null,
      field: 'evolution.conversationPending',
      before: null,
      after: false,
      outcome: 'failed',
      error: describeFailure(error),
    };
    return [failed];
  }
  const drift = evolutionDrift(settings);
  if (drift.length === 0) {
    return [];
  }
  const changes = drift.map((d): SettingChange => ({ operatorKey: null, ...d, outcome: 'planned' }));
  if (!evolution.options.enforce || dryRun) {
    return changes; // reported (doctor and the run's audit), not changed
  }
  try {
    await evolution.client.setChatwootSettings(evolutionSetBody(settings));
    return changes.map((c) => ({ ...c, outcome: 'applied' }));
  } catch (error) {
    return changes.map((c) => ({ ...c, outcome: 'failed', error: describeFailure(error) }));
  }
};
