import type { Chat } from '../../domain/chat.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AgentId, ChatId, QueueId } from '../../domain/ids.ts';
import { positionOf, type ChatPosition } from '../../domain/transition.ts';
import type { Stores } from '../ports/transaction.ts';
import { routeForAgent } from '../routing/route-for-agent.ts';
import { routeQueue, type RoutingDeps } from '../routing/route-queue.ts';
import type { Viewer } from '../viewer.ts';
import { requireOwnerOrSupervisor } from './chat-access.ts';
import { recordTransition } from './record-transition.ts';

export interface TransferChatInput {
  readonly chatId: ChatId;
  readonly toAgentId?: AgentId | undefined;
  readonly toQueueId?: QueueId | undefined;
  readonly comment?: string | undefined;
}

type Target = { readonly agentId: AgentId } | { readonly queueId: QueueId };

/**
 * Hands a chat to another agent (it stays active) or to a queue (it waits there and is routed by that
 * queue's rule), with an optional comment for whoever takes it. An agent hands on its own chats;
 * supervisors and admins any. The agent handing on frees capacity, so its queues are routed.
 */
export async function transferChat(deps: RoutingDeps, viewer: Viewer, input: TransferChatInput): Promise<Chat> {
  const target = targetOf(input);
  const { chat, from } = await deps.transaction.run((stores) => move(deps, stores, viewer, input, target));
  await deps.events.publish({
    type: 'chat.transferred', chatId: chat.id, queueId: chat.queueId, agentId: chat.agentId, fromQueueId: from.queueId, fromAgentId: from.agentId,
  });
  if ('queueId' in target) await routeQueue(deps, target.queueId, chat.id);
  if (from.status === 'active' && from.agentId && from.agentId !== chat.agentId) await routeForAgent(deps, from.agentId);
  return deps.transaction.run(({ chats }) => chats.get(chat.id));
}

function targetOf(input: TransferChatInput): Target {
  if (input.toAgentId && !input.toQueueId) return { agentId: input.toAgentId };
  if (input.toQueueId && !input.toAgentId) return { queueId: input.toQueueId };
  throw new DomainError('invalid', 'TRANSFER_TARGET', 'name exactly one of toAgentId and toQueueId');
}

async function move(deps: RoutingDeps, stores: Stores, viewer: Viewer, input: TransferChatInput, target: Target): Promise<{ chat: Chat; from: ChatPosition }> {
  // The receiving agent's row is locked before the chat's, in the order routing takes them, so neither waits on the other.
  const agent = 'agentId' in target ? await stores.agents.lock(target.agentId) : undefined;
  if ('queueId' in target) await stores.queues.get(target.queueId);
  const chat = await stores.chats.lock(input.chatId);
  requireOwnerOrSupervisor(viewer, chat);
  const from = positionOf(chat);
  chat.transfer(target);
  await stores.chats.save(chat);
  if (agent) {
    agent.assigned(deps.clock.now());
    await stores.agents.save(agent);
  }
  await recordTransition(deps, stores, chat, { kind: 'transferred', from, byAgentId: viewer.agentId, comment: input.comment });
  return { chat, from };
}
