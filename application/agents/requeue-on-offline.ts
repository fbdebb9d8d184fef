import type { Chat } from '../../domain/chat.ts';
import type { AgentId, QueueId } from '../../domain/ids.ts';
import type { OfflinePolicy } from '../../domain/queue.ts';
import { positionOf } from '../../domain/transition.ts';
import { recordTransition } from '../chats/record-transition.ts';
import type { Deps } from '../deps.ts';
import type { Stores } from '../ports/transaction.ts';

/**
 * Sends back to their queues the active chats of an agent going offline, where the queue's policy says
 * so ('requeue'); under 'stay' they wait for the agent. Returns the chats sent back.
 */
export async function requeueOnOffline(deps: Pick<Deps, 'ids' | 'clock'>, stores: Stores, agentId: AgentId): Promise<Chat[]> {
  const policies = new Map<QueueId, OfflinePolicy>();
  const requeued: Chat[] = [];
  for (const active of await stores.chats.activeOf(agentId)) {
    const policy = policies.get(active.queueId) ?? (await stores.queues.get(active.queueId)).offlinePolicy;
    policies.set(active.queueId, policy);
    if (policy !== 'requeue') continue;
    // Locked and checked again: the chat may have been completed or handed on since it was listed.
    const chat = await stores.chats.lock(active.id);
    if (chat.status !== 'active' || chat.agentId !== agentId) continue;
    const from = positionOf(chat);
    chat.requeue();
    await stores.chats.save(chat);
    await recordTransition(deps, stores, chat, { kind: 'requeued', from, byAgentId: agentId, comment: 'agent went offline' });
    requeued.push(chat);
  }
  return requeued;
}
