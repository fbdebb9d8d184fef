import type { Deps } from '../../application/deps.ts';
import type { Viewer } from '../../application/viewer.ts';
import { Agent, type AgentRole, type AgentStatus } from '../../domain/agent.ts';
import { Channel } from '../../domain/channel.ts';
import type { Chat } from '../../domain/chat.ts';
import type { ChannelId, QueueId } from '../../domain/ids.ts';
import { Queue, type OfflinePolicy, type RoutingRule } from '../../domain/queue.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';
import { anInbound, receivedMessage, settleRouting } from './fixtures.ts';

/** Memory deps whose new chats are routed right after they arrive, as the job worker does in the service. */
export function createRoutedDeps(): MemoryDeps {
  const deps = createMemoryDeps();
  const arrivals = {
    async store(arriving: Parameters<MemoryDeps['arrivals']['store']>[0]) {
      const outcomes = await deps.arrivals.store(arriving);
      await settleRouting(deps);
      return outcomes;
    },
  };
  return { ...deps, arrivals };
}

/** The built-in admin of SWITCHBOARD_ADMIN_TOKEN. */
export const BOOTSTRAP: Viewer = { agentId: null, role: 'admin', queueIds: [] };

/** Stores a queue and an active custom channel that feeds it. */
export async function seedQueue(deps: Deps, routing: RoutingRule = 'auto', offlinePolicy: OfflinePolicy = 'stay'): Promise<{ queue: Queue; channel: Channel }> {
  const queue = new Queue({ id: deps.ids.next<QueueId>(), name: `${routing} queue`, routing, offlinePolicy, createdAt: deps.clock.now() });
  const channel = new Channel({
    id: deps.ids.next<ChannelId>(), name: 'Support bot', provider: 'custom', source: `bot-${queue.id}`, queueId: queue.id,
    settings: { secret: 'not-a-real-secret' }, createdAt: deps.clock.now(),
  });
  await deps.transaction.run(async ({ queues, channels }) => {
    await queues.save(queue);
    await channels.save(channel);
  });
  return { queue, channel };
}

/** How a seeded agent differs from the default (an online agent named Ada, capacity 2, in no queue). */
export interface AgentInit {
  readonly name?: string;
  readonly role?: AgentRole;
  readonly capacity?: number;
  readonly queues?: readonly Queue[];
  readonly status?: AgentStatus;
}

/** Stores an agent in queues with a status (online unless told), and the viewer its token gives. */
export async function seedAgent(deps: Deps, init: AgentInit = {}): Promise<{ agent: Agent; viewer: Viewer }> {
  const agent = new Agent({ id: deps.ids.next(), name: init.name ?? 'Ada', role: init.role ?? 'agent', capacity: init.capacity ?? 2, createdAt: deps.clock.now() });
  agent.setStatus(init.status ?? 'online', deps.clock.now());
  const queueIds = (init.queues ?? []).map((q) => q.id);
  await deps.transaction.run(async ({ agents }) => {
    await agents.save(agent);
    for (const queueId of queueIds) await agents.setQueueAgents(queueId, [...(await agents.membersOf(queueId)), agent.id]);
  });
  return { agent, viewer: { agentId: agent.id, role: agent.role, queueIds } };
}

/** A first message from `sender` on the channel: the chat it opened (read back after routing). */
export async function arrive(deps: MemoryDeps, channel: Channel, sender: string): Promise<Chat> {
  const message = await receivedMessage(deps, channel, anInbound({ id: `m-${sender}-${deps.ids.next()}`, sender: { externalId: sender } }));
  return deps.transaction.run(({ chats }) => chats.get(message.chatId));
}

/** A chat as stored now. */
export const stored = (deps: Deps, chat: Chat): Promise<Chat> => deps.transaction.run(({ chats }) => chats.get(chat.id));
