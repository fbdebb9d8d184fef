import type { AgentId } from '../../domain/ids.ts';
import type { Queue } from '../../domain/queue.ts';
import type { Stores } from '../ports/transaction.ts';

/** A queue with the agents serving it. */
export interface QueueSummary {
  readonly queue: Queue;
  readonly agentIds: readonly AgentId[];
}

/** Adds their agents to queues, in one query whatever their number. */
export async function summarizeQueues(stores: Stores, queues: readonly Queue[]): Promise<QueueSummary[]> {
  const memberships = await stores.agents.memberships();
  return queues.map((queue) => ({ queue, agentIds: memberships.filter((m) => m.queueId === queue.id).map((m) => m.agentId) }));
}
