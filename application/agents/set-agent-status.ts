import type { AgentStatus } from '../../domain/agent.ts';
import type { Chat } from '../../domain/chat.ts';
import type { AgentId } from '../../domain/ids.ts';
import { requireAgentId } from '../chats/chat-access.ts';
import { routeForAgent } from '../routing/route-for-agent.ts';
import { routeQueue, type RoutingDeps } from '../routing/route-queue.ts';
import type { Viewer } from '../viewer.ts';
import { summarizeAgent, type AgentSummary } from './agent-summary.ts';
import { requeueOnOffline } from './requeue-on-offline.ts';

/**
 * Sets the caller's status [OmnichannelOperatorService]. Online: the agent's automatic queues are routed,
 * so waiting chats reach it. Offline: each queue's policy decides whether its active chats stay or go back
 * to wait (and are routed to colleagues). Busy: keeps its chats, gets no new ones.
 */
export async function setAgentStatus(deps: RoutingDeps, viewer: Viewer, input: { readonly status: AgentStatus }): Promise<AgentSummary> {
  const agentId = requireAgentId(viewer);
  const { changed, requeued } = await deps.transaction.run(async (stores) => {
    const agent = await stores.agents.lock(agentId);
    const changed = agent.status !== input.status;
    agent.setStatus(input.status, deps.clock.now());
    await stores.agents.save(agent);
    return { changed, requeued: input.status === 'offline' ? await requeueOnOffline(deps, stores, agentId) : [] };
  });
  if (changed) await deps.events.publish({ type: 'agent.status_changed', agentId, status: input.status });
  await routeAfterChange(deps, agentId, input.status, requeued);
  return deps.transaction.run((stores) => summarizeAgent(stores, agentId));
}

async function routeAfterChange(deps: RoutingDeps, agentId: AgentId, status: AgentStatus, requeued: readonly Chat[]): Promise<void> {
  for (const chat of requeued) await deps.events.publish({ type: 'chat.requeued', chatId: chat.id, queueId: chat.queueId, fromAgentId: agentId });
  for (const queueId of new Set(requeued.map((chat) => chat.queueId))) await routeQueue(deps, queueId);
  if (status === 'online') await routeForAgent(deps, agentId);
}
