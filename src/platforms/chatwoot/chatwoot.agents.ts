import type { DesiredOperator } from '@app/core/operator.types';
import type { RemoteOperator } from '@app/platforms/chat-platform.adapter';
import type { ChatwootClient } from '@app/platforms/chatwoot/chatwoot.client';
import { toRemoteOperator } from '@app/platforms/chatwoot/chatwoot.mapper';
import type { ChatwootAgent } from '@app/platforms/chatwoot/chatwoot.types';
import { PlatformError, PlatformErrorCode, isPlatformError } from '@app/core/platform-error';
import type { ReadBack } from '@app/platforms/settle-unknown-creates';
import { normalizeEmail } from '@app/core/normalize';

/** What the agent helpers need from the adapter. */
export interface ChatwootAgents {
  client: ChatwootClient;
  connectorId: string;
  accountId: number;
}

const SEAT_LIMIT_STATUS = 402;

export const chatwootError = (
  connectorId: string,
  code: PlatformErrorCode,
  message: string,
  cause?: PlatformError,
): PlatformError => new PlatformError({ code, connectorId, message, status: cause?.status, cause });

/**
 * `POST /agents`, offline and out of auto-offline (the person comes online, or availability sync
 * says so). 402 is the seat limit: REJECTED, never retried.
 */
export const createAgent = async (
  agents: ChatwootAgents,
  operator: DesiredOperator,
): Promise<RemoteOperator> => {
  const { client, connectorId } = agents;
  if (!operator.email) {
    const message = `Chatwoot agents need an e-mail and "${operator.key}" has none`;
    throw chatwootError(connectorId, PlatformErrorCode.REJECTED, message);
  }
  const email = operator.email.trim();
  try {
    const agent = await client.createAgent({
      name: operator.name.trim(),
      email,
      role: 'agent',
      availability: 'offline',
      auto_offline: false,
    });
    return toRemoteOperator(agent, 'active');
  } catch (error) {
    if (isPlatformError(error) && error.status === SEAT_LIMIT_STATUS) {
      const message = `Chatwoot refused to add ${email}: the account has no free agent seat (HTTP 402); free a seat or raise the limit`;
      throw chatwootError(connectorId, PlatformErrorCode.REJECTED, message, error);
    }
    // Sent and unanswered (or a 5xx): the caller settles it by reading back after a wait. Auth
    // failures were refused before anything was done.
    if (isPlatformError(error) && (error.outcomeUnknown || error.code === PlatformErrorCode.AUTH_FAILED)) {
      throw error;
    }
    // Answered: the e-mail may already belong to an agent of the account (422). Never retried
    // blindly; read once and link by e-mail instead.
    const existing = await findAgentByEmail(client, email).catch(() => undefined);
    if (!existing) {
      throw error;
    }
    return toRemoteOperator(existing, 'active');
  }
};

const findAgentByEmail = async (
  client: ChatwootClient,
  email: string,
): Promise<ChatwootAgent | undefined> => {
  const key = normalizeEmail(email);
  return (await client.listAgents()).find((agent) => normalizeEmail(agent.email) === key);
};

/** Reads agents back by e-mail (Chatwoot's natural key) for the creates whose outcome is unknown. */
export const readBackAgents = async (
  agents: ChatwootAgents,
  operators: DesiredOperator[],
): Promise<ReadBack> => {
  const byEmail = new Map((await agents.client.listAgents()).map((a) => [normalizeEmail(a.email), a]));
  const found = new Map<string, RemoteOperator>();
  for (const operator of operators) {
    const agent = operator.email ? byEmail.get(normalizeEmail(operator.email)) : undefined;
    if (agent) {
      found.set(operator.key, toRemoteOperator(agent, 'active'));
    }
  }
  return { found };
};

/**
 * GET /agents is the only read of one agent (there is no GET /agents/{id}); it also gives the
 * current role, which every PATCH must carry (see ChatwootAgentUpdate).
 */
export const findAgent = async (agents: ChatwootAgents, remoteId: string): Promise<ChatwootAgent> => {
  const agent = (await agents.client.listAgents()).find((a) => String(a.id) === remoteId);
  if (!agent) {
    const message = `Chatwoot has no agent ${remoteId} in account ${agents.accountId}`;
    throw chatwootError(agents.connectorId, PlatformErrorCode.NOT_FOUND, message);
  }
  return agent;
};
