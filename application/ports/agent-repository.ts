import type { Agent } from '../../domain/agent.ts';
import type { AgentId, QueueId } from '../../domain/ids.ts';
import type { Viewer } from '../viewer.ts';

/** One agent serving one queue. */
export interface QueueMembership {
  readonly queueId: QueueId;
  readonly agentId: AgentId;
}

/** Agents and the queues they serve. */
export interface AgentRepository {
  find(id: AgentId): Promise<Agent | undefined>;
  /** Throws not_found. */
  get(id: AgentId): Promise<Agent>;
  findByTokenHash(tokenHash: string): Promise<Agent | undefined>;
  /** Who holds the token of this hash: the agent's id, role and queues (as queueIdsOf), in one read; every API request asks it. */
  findViewerByTokenHash(tokenHash: string): Promise<Viewer | undefined>;
  list(): Promise<Agent[]>;
  save(agent: Agent): Promise<void>;
  queueIdsOf(agentId: AgentId): Promise<QueueId[]>;
  setQueueAgents(queueId: QueueId, agentIds: readonly AgentId[]): Promise<void>;
  /** The agents serving a queue. */
  membersOf(queueId: QueueId): Promise<AgentId[]>;
  /** Every (queue, agent) pair, for lists that show both sides without a query per row. */
  memberships(): Promise<QueueMembership[]>;
  /**
   * The online agents among `ids`, each locked until the transaction ends (in id order, so two lockers
   * never wait on each other): whoever gives them chats meanwhile waits, so active chats counted now stay true.
   */
  lockOnline(ids: readonly AgentId[]): Promise<Agent[]>;
  /** The agent, locked until the transaction ends (see lockOnline); throws not_found. */
  lock(id: AgentId): Promise<Agent>;
}
