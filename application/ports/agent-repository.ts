import type { Agent } from '../../domain/agent.ts';
import type { AgentId, QueueId } from '../../domain/ids.ts';

/** Agents and the queues they serve. */
export interface AgentRepository {
  find(id: AgentId): Promise<Agent | undefined>;
  /** Throws not_found. */
  get(id: AgentId): Promise<Agent>;
  findByTokenHash(tokenHash: string): Promise<Agent | undefined>;
  list(): Promise<Agent[]>;
  save(agent: Agent): Promise<void>;
  queueIdsOf(agentId: AgentId): Promise<QueueId[]>;
  setQueueAgents(queueId: QueueId, agentIds: readonly AgentId[]): Promise<void>;
}
