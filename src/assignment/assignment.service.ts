import { Injectable } from '@nestjs/common';

import { AssignmentStateService } from '@app/assignment/assignment-state.service';
import { type AgentCandidate, selectAgents } from '@app/assignment/select-agents';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import type { AssignmentFacet } from '@app/platforms/chat-platform.adapter';
import type { AssignmentAnswer, AssignmentRequest } from '@app/platforms/webhook.types';

/**
 * Answers "which agents should take this session?" from memory only — no database, no platform
 * call — so the answer is well inside the platform's 2 s (Tencent Desk). The memory is shared
 * state every replica keeps up to date (DirectorySnapshot, AssignmentStateService).
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly snapshot: DirectorySnapshot,
    private readonly state: AssignmentStateService,
  ) {}

  answer(connectorId: string, request: AssignmentRequest, now = Date.now()): AssignmentAnswer {
    const assignment = this.adapters.get(connectorId)?.assignment;
    if (!assignment) {
      return { agentIds: [] };
    }
    const { policy } = assignment;
    const { clientUserId } = request;
    const rotation = this.state.rotation(connectorId);
    const selection = selectAgents({
      candidates: this.eligible(connectorId, assignment),
      strategy: policy.strategy,
      maxAgents: policy.maxAgents,
      load: (key) => this.state.sessions(key, now),
      rotation,
      previous: clientUserId ? this.state.previous(connectorId, clientUserId) : undefined,
    });
    const first = selection.agents[0];
    this.state.recordAnswer({
      // Our own answer counts as load until Desk tells us who really took the session.
      sessions: first ? [{ connectorId, operatorKey: first.key, at: now }] : [],
      cursors: selection.rotation === rotation ? [] : [{ connectorId, rotation: selection.rotation }],
      sticky: first && clientUserId ? [{ connectorId, clientUserId, operatorKey: first.key }] : [],
    });
    if (first) {
      return { agentIds: selection.agents.map((a) => a.agentId), groupId: policy.agentGroupId };
    }
    return { agentIds: [], groupId: policy.fallbackGroupId };
  }

  /** A Desk session event naming its agent (by e-mail or linked id) adds to that agent's load. */
  async recordSession(connectorId: string, agentId: string | undefined, at: number): Promise<void> {
    if (!agentId) {
      return;
    }
    const wanted = agentId.trim().toLowerCase();
    for (const operator of this.snapshot.all()) {
      if (operator.email?.toLowerCase() === wanted || operator.links.get(connectorId)?.remoteId === agentId) {
        await this.state.recordSession({ connectorId, operatorKey: operator.key, at });
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
}
