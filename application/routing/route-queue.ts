import type { ChatId, QueueId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { assignNextWaiting } from './assign-next.ts';

/** What routing needs: it writes in transactions of its own and tells of each assignment. */
export type RoutingDeps = Pick<Deps, 'transaction' | 'clock' | 'ids' | 'events'>;

// Each step serves one chat or stops; this only bounds a loop that other instances keep winning.
const MAX_STEPS = 10_000;

/**
 * Serves a queue's waiting chats in arrival order until none waits or no online member can take more
 * (one transaction per chat, so a long queue never holds its lock for long); returns how many were assigned.
 * `arrivedChatId` names a chat that just entered the queue: if it has to wait, the reason is recorded.
 */
export async function routeQueue(deps: RoutingDeps, queueId: QueueId, arrivedChatId?: ChatId): Promise<number> {
  let assigned = 0;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const outcome = await deps.transaction.run((stores) => assignNextWaiting(deps, stores, queueId, arrivedChatId));
    if (outcome.kind === 'idle') break;
    if (outcome.kind !== 'assigned') continue;
    assigned += 1;
    await deps.events.publish({ type: 'chat.assigned', chatId: outcome.chat.id, agentId: outcome.agentId, queueId });
  }
  return assigned;
}
