import type { Chat } from '../../domain/chat.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AgentId, ChatId } from '../../domain/ids.ts';
import { positionOf } from '../../domain/transition.ts';
import type { Deps } from '../deps.ts';
import type { Stores } from '../ports/transaction.ts';
import type { Viewer } from '../viewer.ts';
import { requireAgentId, requireMayAccept } from './chat-access.ts';
import { recordTransition } from './record-transition.ts';

type AcceptDeps = Pick<Deps, 'transaction' | 'clock' | 'ids' | 'events'>;

/**
 * The caller takes a waiting chat of one of its queues. Atomic: of two agents accepting at once exactly one
 * wins, the other gets CONFLICT; and the caller's capacity holds, as its row is locked while its chats are counted.
 */
export async function acceptChat(deps: AcceptDeps, viewer: Viewer, input: { readonly chatId: ChatId }): Promise<Chat> {
  const agentId = requireAgentId(viewer);
  const chat = await deps.transaction.run((stores) => claimFor(deps, stores, viewer, agentId, input.chatId));
  await deps.events.publish({ type: 'chat.assigned', chatId: chat.id, agentId, queueId: chat.queueId });
  return chat;
}

async function claimFor(deps: AcceptDeps, stores: Stores, viewer: Viewer, agentId: AgentId, chatId: ChatId): Promise<Chat> {
  const waiting = await stores.chats.get(chatId);
  requireMayAccept(viewer, waiting);
  if (waiting.status !== 'new') throw notWaiting(chatId, waiting.status);
  const from = positionOf(waiting);
  const agent = await stores.agents.lock(agentId);
  const active = (await stores.chats.activeCounts([agentId])).get(agentId) ?? 0;
  if (active >= agent.capacity) {
    throw new DomainError('conflict', 'AGENT_AT_CAPACITY', `you have ${active} active chats and a capacity of ${agent.capacity}`);
  }
  // The conditional write decides a race that the read above cannot see.
  const claimed = await stores.chats.claim(chatId, agentId);
  if (!claimed) throw notWaiting(chatId, 'taken by another agent');
  agent.assigned(deps.clock.now());
  await stores.agents.save(agent);
  await recordTransition(deps, stores, claimed, { kind: 'accepted', from, byAgentId: agentId });
  return claimed;
}

const notWaiting = (chatId: ChatId, state: string) =>
  new DomainError('conflict', 'CHAT_NOT_WAITING', `chat ${chatId} is ${state}, not waiting in a queue`);
