import type { AgentId, QueueId } from '../../domain/ids.ts';
import { routeQueue, type RoutingDeps } from '../routing/route-queue.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';
import { summarizeQueues, type QueueSummary } from './queue-summary.ts';

export interface SetQueueAgentsInput {
  readonly queueId: QueueId;
  readonly agentIds: readonly AgentId[];
}

/** Replaces the agents serving a queue (admins only); waiting chats are then routed, as new members may be online. */
export async function setQueueAgents(deps: RoutingDeps, viewer: Viewer, input: SetQueueAgentsInput): Promise<QueueSummary> {
  requireAdmin(viewer);
  await deps.transaction.run(async (stores) => {
    await stores.queues.get(input.queueId);
    for (const agentId of new Set(input.agentIds)) await stores.agents.get(agentId);
    await stores.agents.setQueueAgents(input.queueId, [...new Set(input.agentIds)]);
  });
  await routeQueue(deps, input.queueId);
  return deps.transaction.run(async (stores) => (await summarizeQueues(stores, [await stores.queues.get(input.queueId)]))[0]!);
}
