import type { ChatwootDirectory } from '@app/simulator/chatwoot/chatwoot-directory';
import type { ChatwootActor } from '@app/simulator/chatwoot/chatwoot.types';
import { jsonResponse } from '@app/simulator/framework/sim-response';
import type { RouteGuard, SimRequest } from '@app/simulator/framework/simulator.types';

/** `admin`: agents, inbox bots (UserPolicy/InboxPolicy); `bot`: also AgentBot tokens. */
export type ChatwootAccess = 'admin' | 'user' | 'bot';

export const actorOf = (directory: ChatwootDirectory, req: SimRequest): ChatwootActor | undefined => {
  const header = req.headers.api_access_token;
  return directory.actorFor(Array.isArray(header) ? header[0] : header);
};

/**
 * `api_access_token` only, no Bearer (CW access_token_auth_helper.rb): unknown → 401. A bot token
 * outside BOT_ACCESSIBLE_ENDPOINTS → 401; an agent-role user on admin routes → 401 (Pundit).
 * Another account's id → 404 (one account is simulated).
 */
export const chatwootGuard =
  (directory: ChatwootDirectory, accountId: number, access: ChatwootAccess): RouteGuard =>
  (req) => {
    const actor = actorOf(directory, req);
    if (!actor) {
      return jsonResponse({ error: 'Invalid Access Token' }, 401);
    }
    if (req.params.accountId !== undefined && req.params.accountId !== String(accountId)) {
      return jsonResponse({ error: 'Resource could not be found' }, 404);
    }
    if (actor.kind === 'bot' && access !== 'bot') {
      return jsonResponse({ error: 'Access to this endpoint is not authorized for bots' }, 401);
    }
    if (access === 'admin' && actor.kind === 'user' && actor.agent.role !== 'administrator') {
      return jsonResponse({ error: 'You are not authorized to do this action' }, 401);
    }
    return undefined;
  };
