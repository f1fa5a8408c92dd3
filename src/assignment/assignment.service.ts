import { Injectable } from '@nestjs/common';

import { type AgentCandidate, selectAgents } from '@app/assignment/select-agents';
import { SessionLoad } from '@app/assignment/session-load';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import type { AssignmentFacet } from '@app/platforms/chat-platform.adapter';
import type { AssignmentAnswer, AssignmentRequest } from '@app/platforms/webhook.types';

const STICKY_MEMORY = 10_000;

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
    private readonly adapters: AdapterRegistry,
    private readonly snapshot: DirectorySnapshot,
  ) {}

  answer(connectorId: string, request: AssignmentRequest, now = Date.now()): AssignmentAnswer {
    const assignment = this.adapters.get(connectorId)?.assignment;
    if (!assignment) {
      return { agentIds: [] };
    }
    const { policy } = assignment;
    const selection = selectAgents({
      candidates: this.eligible(connectorId, assignment),
      strategy: policy.strategy,
      maxAgents: policy.maxAgents,
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
      return { agentIds: selection.agents.map((a) => a.agentId), groupId: policy.agentGroupId };
    }
    return { agentIds: [], groupId: policy.fallbackGroupId };
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

  private eligible(connectorId: string, assignment: AssignmentFacet): AgentCandidate[] {
    const candidates: AgentCandidate[] = [];
    for (const operator of this.snapshot.all()) {
      const agentId = assignment.agentIdOf(operator);
      if (
        operator.status === 'active' &&
        operator.role === 'agent' &&
        operator.availability === 'online' &&
        agentId &&
        operator.links.has(connectorId)
      ) {
        candidates.push({ key: operator.key, agentId });
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
