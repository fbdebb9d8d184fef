import type { Chat } from '../../domain/chat.ts';
import type { AgentId, QueueId } from '../../domain/ids.ts';
import type { Stores } from '../ports/transaction.ts';
import { routeQueue, type RoutingDeps } from './route-queue.ts';

/**
 * Routes the automatic queues an agent serves, after it came online or freed capacity: the queue whose
 * oldest chat has waited longest goes first. Returns how many chats were assigned (to it or to colleagues).
 */
export async function routeForAgent(deps: RoutingDeps, agentId: AgentId): Promise<number> {
  const queueIds = await deps.transaction.run((stores) => autoQueuesByOldestWaiting(stores, agentId));
  let assigned = 0;
  for (const queueId of queueIds) assigned += await routeQueue(deps, queueId);
  return assigned;
}

async function autoQueuesByOldestWaiting(stores: Stores, agentId: AgentId): Promise<QueueId[]> {
  const heads: Chat[] = [];
  for (const queueId of await stores.agents.queueIdsOf(agentId)) {
    const queue = await stores.queues.get(queueId);
    const [head] = queue.routing === 'auto' ? await stores.chats.waiting(queueId, 1) : [];
    if (head) heads.push(head);
  }
  return heads.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)).map((chat) => chat.queueId);
}
