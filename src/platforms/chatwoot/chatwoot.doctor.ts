import type { ChatwootConnectorConfig } from '@app/core/config.types';
import type { DoctorFinding } from '@app/platforms/chat-platform.adapter';
import { EVOLUTION_LICENSE_REQUIRED } from '@app/platforms/chatwoot/chatwoot.options';
import {
  type ChatwootSettingsContext,
  describeFailure,
  evolutionDrift,
} from '@app/platforms/chatwoot/chatwoot.settings';
import { PlatformErrorCode, isPlatformError } from '@app/core/platform-error';

/** The settings that make a reopened conversation land in `pending`, each with its fix. */
export const diagnoseChatwoot = async (
  config: ChatwootConnectorConfig,
  context: ChatwootSettingsContext,
): Promise<DoctorFinding[]> => [
  ...(await inboxBotFindings(config, context)),
  ...(context.evolution ? await evolutionFindings(context.evolution) : []),
];

// An active bot forces `pending` on new and reopened conversations; whether it is meant
// to triage is the admin's call, so it is a warning.
const inboxBotFindings = async (
  config: ChatwootConnectorConfig,
  { client }: ChatwootSettingsContext,
): Promise<DoctorFinding[]> => {
  const { accountId, inboxes } = config.options;
  const findings: DoctorFinding[] = [];
  for (const inboxId of inboxes.map(String)) {
    try {
      const bot = await client.inboxAgentBot(inboxId);
      if (bot) {
        findings.push({
          severity: 'warning',
          message: `Chatwoot inbox ${inboxId} has the agent bot "${bot.name}" (id ${bot.id}): while it is active, Chatwoot sets every new and every reopened conversation to pending`,
          fix: `unless the bot is meant to triage, remove it from the inbox in Chatwoot (Settings → Inboxes → inbox ${inboxId} → Bot configuration), or POST /api/v1/accounts/${accountId}/inboxes/${inboxId}/set_agent_bot with {"agent_bot": null}`,
        });
      }
    } catch (error) {
      if (!isPlatformError(error) || error.code !== PlatformErrorCode.NOT_FOUND) {
        throw error;
      }
      findings.push({
        severity: 'error',
        message: `Chatwoot inbox ${inboxId} does not exist in account ${accountId}`,
        fix: 'correct options.inboxes: list the ids of the Evolution (WhatsApp) inboxes',
      });
    }
  }
  return findings;
};

const evolutionFindings = async ({
  client,
  options,
}: NonNullable<ChatwootSettingsContext['evolution']>): Promise<DoctorFinding[]> => {
  const { baseUrl, instance } = options;
  let settings;
  try {
    settings = await client.findChatwootSettings();
  } catch (error) {
    if (isPlatformError(error) && error.platformCode === EVOLUTION_LICENSE_REQUIRED) {
      return [
        {
          severity: 'error',
          message: `Evolution API at ${baseUrl} answers 503 ${EVOLUTION_LICENSE_REQUIRED}: its licence is not activated, so it forwards nothing and its settings cannot be read`,
          fix: 'activate the Evolution API licence (Evolution 2.4 gates its routes until then), then run doctor again',
        },
      ];
    }
    return [
      {
        severity: 'error',
        message: `Evolution instance "${instance}" could not be read: ${describeFailure(error)}`,
        fix: 'check options.evolution.baseUrl, apiKey (global key or the instance token) and instance',
      },
    ];
  }
  if (!settings.enabled) {
    return [
      {
        severity: 'warning',
        message: `Evolution instance "${instance}" has its Chatwoot integration disabled: nothing reaches Chatwoot from it`,
        fix: `enable it in Evolution (POST ${baseUrl}/chatwoot/set/${instance} with enabled: true), or remove options.evolution`,
      },
    ];
  }
  const setCall = `POST ${baseUrl}/chatwoot/set/${instance} with conversationPending: false and reopenConversation: true and every other field as GET /chatwoot/find/${instance} returns it`;
  return evolutionDrift(settings).map((drift): DoctorFinding =>
    drift.field === 'evolution.conversationPending'
      ? {
          severity: 'error',
          message: `Evolution instance "${instance}" has conversationPending: true: Evolution itself switches every conversation it reopens to pending before it posts the customer's message`,
          fix: `${setCall} (or the same switch in the Evolution manager's Chatwoot settings); with options.evolution.enforce: true chat-bridge does it on every run`,
        }
      : {
          severity: 'warning',
          message: `Evolution instance "${instance}" has reopenConversation: ${JSON.stringify(drift.before)}: a customer writing again after a resolution gets a new conversation instead of the old one reopened`,
          fix: setCall,
        },
  );
};
