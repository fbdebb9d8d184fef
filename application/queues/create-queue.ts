import { Queue, type OfflinePolicy, type RoutingRule } from '../../domain/queue.ts';
import type { Deps } from '../deps.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';
import type { QueueSummary } from './queue-summary.ts';

export interface CreateQueueInput {
  readonly name: string;
  readonly routing: RoutingRule;
  readonly offlinePolicy?: OfflinePolicy | undefined;
}

/** Creates a queue, with no agents yet (admins only). */
export async function createQueue(deps: Pick<Deps, 'transaction' | 'clock' | 'ids'>, viewer: Viewer, input: CreateQueueInput): Promise<QueueSummary> {
  requireAdmin(viewer);
  const queue = new Queue({ id: deps.ids.next(), name: input.name, routing: input.routing, offlinePolicy: input.offlinePolicy, createdAt: deps.clock.now() });
  await deps.transaction.run(({ queues }) => queues.save(queue));
  return { queue, agentIds: [] };
}
