import type { Agent } from '../../domain/agent.ts';
import type { AgentId, QueueId } from '../../domain/ids.ts';
import type { Stores } from '../ports/transaction.ts';

/** An agent with the queues it serves and how many chats it has now. */
export interface AgentSummary {
  readonly agent: Agent;
  readonly queueIds: readonly QueueId[];
  readonly activeChats: number;
}

/** Adds queues and active chats to agents, in two queries whatever their number. */
export async function summarizeAgents(stores: Stores, agents: readonly Agent[]): Promise<AgentSummary[]> {
  const memberships = await stores.agents.memberships();
  const counts = await stores.chats.activeCounts(agents.map((a) => a.id));
  return agents.map((agent) => ({
    agent,
    queueIds: memberships.filter((m) => m.agentId === agent.id).map((m) => m.queueId),
    activeChats: counts.get(agent.id) ?? 0,
  }));
}

/** One agent's summary; throws not_found. */
export async function summarizeAgent(stores: Stores, agentId: AgentId): Promise<AgentSummary> {
  const [summary] = await summarizeAgents(stores, [await stores.agents.get(agentId)]);
  return summary!;
}
