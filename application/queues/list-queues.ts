import type { Deps } from '../deps.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';
import { summarizeQueues, type QueueSummary } from './queue-summary.ts';

/** Every queue, oldest first, with its agents (admins only). */
export async function listQueues(deps: Pick<Deps, 'transaction'>, viewer: Viewer): Promise<QueueSummary[]> {
  requireAdmin(viewer);
  return deps.transaction.run(async (stores) => summarizeQueues(stores, await stores.queues.list()));
}
