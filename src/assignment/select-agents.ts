import type { TencentAssignmentOptions } from '@app/core/config.types';

export interface AgentCandidate {
  key: string;
  /** The id the platform wants in its answer (Tencent Desk: the e-mail). */
  agentId: string;
}

export interface SelectAgentsParams {
  candidates: AgentCandidate[];
  strategy: TencentAssignmentOptions['strategy'];
  maxAgents: number;
  /** Sessions each operator took in the recent window. */
  load: (key: string) => number;
  /**
   * Round-robin position, advanced by the caller with the returned value. It only grows (taken
   * modulo the candidates), so of two replicas' positions the larger is the later one.
   */
  rotation: number;
  /** The agent this customer had before (sticky). */
  previous?: string;
}

export interface Selection {
  agents: AgentCandidate[];
  rotation: number;
}

/** Pure: which eligible agents to offer, best first, at most `maxAgents`. */
export const selectAgents = (params: SelectAgentsParams): Selection => {
  const { candidates, maxAgents } = params;
  if (candidates.length === 0) {
    return { agents: [], rotation: params.rotation };
  }
  const byKey = [...candidates].sort((a, b) => a.key.localeCompare(b.key));
  switch (params.strategy) {
    case 'round-robin': {
      const start = params.rotation % byKey.length;
      const rotated = [...byKey.slice(start), ...byKey.slice(0, start)];
      return { agents: rotated.slice(0, maxAgents), rotation: params.rotation + 1 };
    }
    case 'least-busy':
      return { agents: leastBusy(byKey, params.load).slice(0, maxAgents), rotation: params.rotation };
    case 'sticky': {
      const ranked = leastBusy(byKey, params.load);
      const previous = ranked.find((c) => c.key === params.previous);
      const agents = previous ? [previous, ...ranked.filter((c) => c !== previous)] : ranked;
      return { agents: agents.slice(0, maxAgents), rotation: params.rotation };
    }
  }
};

// Stable: equal load keeps key order, so answers are deterministic.
const leastBusy = (candidates: AgentCandidate[], load: (key: string) => number): AgentCandidate[] =>
  candidates
    .map((candidate, index) => ({ candidate, index, load: load(candidate.key) }))
    .sort((a, b) => a.load - b.load || a.index - b.index)
    .map((entry) => entry.candidate);
