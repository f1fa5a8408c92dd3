import { Injectable } from '@nestjs/common';

import { selectAgents } from '@app/assignment/select-agents';
import { SessionLoad } from '@app/assignment/session-load';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { ConnectorConfig, TencentAssignmentOptions } from '@app/config/config.types';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import type { AssignmentAnswer, AssignmentRequest } from '@app/platforms/webhook.types';

const STICKY_MEMORY = 10_000;

const assignmentOptions = (connector: ConnectorConfig): TencentAssignmentOptions | undefined => {
  switch (connector.type) {
    case 'tencent-chat':
      return connector.options.assignment;
    case 'chatwoot':
    case 'livehelperchat':
    case 'smsbat-chathub':
      return undefined;
  }
};

/**
 * Answers "which agents should take this session?" from memory only — no database, no platform
 * call — so the answer is well inside the platform's 2 s (Tencent Desk).
 */
@Injectable()
export class AssignmentService {
  private readonly load = new SessionLoad();
  private readonly rotation = new Map<string, number>();
  private readonly lastAgentByClient = new Map<string, string>();

  constructor(
    private readonly config: BridgeConfigService,
    private readonly snapshot: DirectorySnapshot,
  ) {}

  answer(connectorId: string, request: AssignmentRequest, now = Date.now()): AssignmentAnswer {
    const options = assignmentOptions(this.config.connector(connectorId));
    if (!options) {
      return { agentIds: [] };
    }
    const selection = selectAgents({
      candidates: this.eligible(connectorId),
      strategy: options.strategy,
      maxAgents: options.maxAgents,
      load: (key) => this.load.count(key, now),
      rotation: this.rotation.get(connectorId) ?? 0,
      previous: request.clientUserId ? this.lastAgentByClient.get(request.clientUserId) : undefined,
    });
    this.rotation.set(connectorId, selection.rotation);
    const first = selection.agents[0];
    if (first) {
      // Our own answer counts as load until Desk tells us who really took the session.
      this.load.record(first.key, now);
      if (request.clientUserId) {
        this.rememberClient(request.clientUserId, first.key);
      }
      return { agentIds: selection.agents.map((a) => a.agentId), groupId: options.agentGroupId };
    }
    return { agentIds: [], groupId: options.fallbackGroupId };
  }

  /** A Desk session event naming its agent (by e-mail or linked id) adds to that agent's load. */
  recordSession(connectorId: string, agentId: string | undefined, at: number): void {
    if (!agentId) {
      return;
    }
    const wanted = agentId.trim().toLowerCase();
    for (const operator of this.snapshot.all()) {
      if (operator.email?.toLowerCase() === wanted || operator.links.get(connectorId)?.remoteId === agentId) {
        this.load.record(operator.key, at);
        return;
      }
    }
  }

  private eligible(connectorId: string) {
    const candidates = [];
    for (const operator of this.snapshot.all()) {
      if (
        operator.status === 'active' &&
        operator.role === 'agent' &&
        operator.availability === 'online' &&
        operator.email &&
        operator.links.has(connectorId)
      ) {
        candidates.push({ key: operator.key, agentId: operator.email });
      }
    }
    return candidates;
  }

  private rememberClient(clientUserId: string, key: string): void {
    this.lastAgentByClient.delete(clientUserId);
    this.lastAgentByClient.set(clientUserId, key);
    if (this.lastAgentByClient.size > STICKY_MEMORY) {
      this.lastAgentByClient.delete(this.lastAgentByClient.keys().next().value as string);
    }
  }
}
