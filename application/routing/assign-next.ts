import type { Agent } from '../../domain/agent.ts';
import type { Chat } from '../../domain/chat.ts';
import type { AgentId, ChatId, QueueId } from '../../domain/ids.ts';
import type { Queue } from '../../domain/queue.ts';
import { chooseLeastBusy, MANUAL_QUEUE_REASON, RoutingDecision, type RoutingChoice } from '../../domain/routing.ts';
import { positionOf } from '../../domain/transition.ts';
import { recordTransition } from '../chats/record-transition.ts';
import type { Deps } from '../deps.ts';
import type { Stores } from '../ports/transaction.ts';

/** What one routing step did: gave a chat to an agent, lost it to a faster claim (try again), or found nothing to do. */
export type RoutingStep =
  | { readonly kind: 'assigned'; readonly chat: Chat; readonly agentId: AgentId }
  | { readonly kind: 'taken' }
  | { readonly kind: 'idle' };

type StepDeps = Pick<Deps, 'ids' | 'clock'>;

/**
 * One step of a queue's routing, inside one transaction. The queue row is locked, so one router at a time
 * serves it on any instance; the oldest waiting chat goes to the least busy online member, whose row stays
 * locked from counting its active chats to the claim, so no instance can push it over capacity meanwhile.
 */
export async function assignNextWaiting(deps: StepDeps, stores: Stores, queueId: QueueId, arrivedChatId?: ChatId): Promise<RoutingStep> {
  const queue = await stores.queues.lock(queueId);
  if (queue.routing === 'manual') return waitWithReason(deps, stores, queue, arrivedChatId, MANUAL_QUEUE_REASON);
  const [chat] = await stores.chats.waiting(queueId, 1);
  if (!chat) return { kind: 'idle' };
  const { choice, agents } = await chooseAgent(deps, stores, queueId);
  if (!choice.agentId) return waitWithReason(deps, stores, queue, arrivedChatId, choice.reason);
  const from = positionOf(chat);
  const claimed = await stores.chats.claim(chat.id, choice.agentId);
  if (!claimed) return { kind: 'taken' };
  const agent = agents.find((a) => a.id === choice.agentId)!;
  agent.assigned(deps.clock.now());
  await stores.agents.save(agent);
  await stores.chats.recordRoutingDecision(decisionOf(deps, claimed, queueId, choice));
  await recordTransition(deps, stores, claimed, { kind: 'routed', from, byAgentId: null });
  return { kind: 'assigned', chat: claimed, agentId: choice.agentId };
}

async function chooseAgent(deps: StepDeps, stores: Stores, queueId: QueueId): Promise<{ choice: RoutingChoice; agents: Agent[] }> {
  const agents = await stores.agents.lockOnline(await stores.agents.membersOf(queueId));
  const counts = await stores.chats.activeCounts(agents.map((a) => a.id));
  const candidates = agents.map((a) => ({ agentId: a.id, capacity: a.capacity, activeChats: counts.get(a.id) ?? 0, idleSince: a.idleSince() }));
  return { choice: chooseLeastBusy(candidates, deps.clock.now()), agents };
}

/** Records why the chat that just arrived waits (once, at arrival, not at every later attempt), unless it was served meanwhile. */
async function waitWithReason(deps: StepDeps, stores: Stores, queue: Queue, arrivedChatId: ChatId | undefined, reason: string): Promise<RoutingStep> {
  const arrived = arrivedChatId && (await stores.chats.find(arrivedChatId));
  if (arrived && arrived.status === 'new' && arrived.queueId === queue.id) {
    await stores.chats.recordRoutingDecision(decisionOf(deps, arrived, queue.id, { agentId: null, reason }));
  }
  return { kind: 'idle' };
}

const decisionOf = (deps: StepDeps, chat: Chat, queueId: QueueId, choice: RoutingChoice) =>
  new RoutingDecision({ id: deps.ids.next(), chatId: chat.id, queueId, agentId: choice.agentId, reason: choice.reason, at: deps.clock.now() });
