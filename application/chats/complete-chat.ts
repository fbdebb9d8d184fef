import type { Chat } from '../../domain/chat.ts';
import type { ChatId } from '../../domain/ids.ts';
import { positionOf } from '../../domain/transition.ts';
import { routeForAgent } from '../routing/route-for-agent.ts';
import type { RoutingDeps } from '../routing/route-queue.ts';
import type { Viewer } from '../viewer.ts';
import { requireOwnerOrSupervisor } from './chat-access.ts';
import { recordTransition } from './record-transition.ts';

/**
 * Ends a chat: an agent its own, supervisors and admins any (a waiting one too). A message after this opens
 * a new chat. The agent that owned it has capacity again, so its queues are routed.
 */
export async function completeChat(deps: RoutingDeps, viewer: Viewer, input: { readonly chatId: ChatId }): Promise<Chat> {
  const { chat, from } = await deps.transaction.run(async (stores) => {
    const chat = await stores.chats.lock(input.chatId);
    requireOwnerOrSupervisor(viewer, chat);
    const from = positionOf(chat);
    chat.complete(deps.clock.now());
    await stores.chats.save(chat);
    await recordTransition(deps, stores, chat, { kind: 'completed', from, byAgentId: viewer.agentId });
    return { chat, from };
  });
  await deps.events.publish({ type: 'chat.completed', chatId: chat.id, queueId: chat.queueId, agentId: from.agentId });
  if (from.status === 'active' && from.agentId) await routeForAgent(deps, from.agentId);
  return chat;
}
