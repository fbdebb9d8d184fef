import type { QueueId } from '../../domain/ids.ts';
import type { OfflinePolicy, RoutingRule } from '../../domain/queue.ts';
import { routeQueue, type RoutingDeps } from '../routing/route-queue.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';
import { summarizeQueues, type QueueSummary } from './queue-summary.ts';

export interface UpdateQueueInput {
  readonly queueId: QueueId;
  readonly name?: string | undefined;
  readonly routing?: RoutingRule | undefined;
  readonly offlinePolicy?: OfflinePolicy | undefined;
}

/** Renames a queue or changes its rules (admins only); a queue turned automatic routes its waiting chats at once. */
export async function updateQueue(deps: RoutingDeps, viewer: Viewer, input: UpdateQueueInput): Promise<QueueSummary> {
  requireAdmin(viewer);
  await deps.transaction.run(async ({ queues }) => {
    const queue = await queues.lockToChange(input.queueId);
    queue.name = input.name ?? queue.name;
    queue.routing = input.routing ?? queue.routing;
    queue.offlinePolicy = input.offlinePolicy ?? queue.offlinePolicy;
    await queues.save(queue);
  });
  if (input.routing === 'auto') await routeQueue(deps, input.queueId);
  return deps.transaction.run(async (stores) => (await summarizeQueues(stores, [await stores.queues.get(input.queueId)]))[0]!);
}
