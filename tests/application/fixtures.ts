import { receiveInboundMessage } from '../../application/inbound/receive-inbound-message.ts';
import { ROUTE_CHAT } from '../../application/jobs/kinds.ts';
import { routeChat } from '../../application/jobs/route-chat.ts';
import type { InboundAttachment, InboundMessage } from '../../application/inbound/inbound-message.ts';
import type { ProviderModule } from '../../application/ports/provider.ts';
import { Channel } from '../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import { Queue, type RoutingRule } from '../../domain/queue.ts';
import type { MemoryDeps } from '../support/memory-deps.ts';

/** Stores a queue and an active channel of `provider` in it, as an admin would have. */
export async function seedChannel(deps: MemoryDeps, init: { provider?: string; name?: string; source?: string; routing?: RoutingRule } = {}): Promise<Channel> {
  const queue = new Queue({ id: deps.ids.next<QueueId>(), name: 'First line', routing: init.routing ?? 'manual', createdAt: deps.clock.now() });
  const channel = new Channel({
    id: deps.ids.next<ChannelId>(), name: init.name ?? 'Support bot', provider: init.provider ?? 'custom',
    source: init.source ?? 'bot-1', queueId: queue.id, settings: { secret: 'not-a-real-secret' }, createdAt: deps.clock.now(),
  });
  await deps.transaction.run(async ({ queues, channels }) => {
    await queues.save(queue);
    await channels.save(channel);
  });
  return channel;
}

/** A text message from sender 4242, with its id as idempotency key unless told otherwise. */
export function anInbound(overrides: Partial<InboundMessage> & { id?: string } = {}): InboundMessage {
  const { id = 'msg-1', ...rest } = overrides;
  return {
    idempotencyKey: id, externalId: id, sender: { externalId: '4242' }, type: 'text', text: 'Hello',
    sentAt: new Date('2025-01-01T09:59:00Z'), attachments: [], ...rest,
  };
}

/** A photo the provider refers to by URL. */
export const aPhoto = (sourceRef = 'https://cdn.example/p.jpg'): InboundAttachment => ({ type: 'image', sourceRef, fileName: 'p.jpg' });

/** A provider module that can do nothing beyond receiving (like the custom provider without outbound). */
export const bareProvider = (name = 'custom'): ProviderModule => ({ name });

/** Receives a message and reads it back as stored. */
export async function receivedMessage(deps: MemoryDeps, channel: Channel, inbound: InboundMessage): Promise<Message> {
  const { messageId } = await receiveInboundMessage(deps, channel, inbound);
  await settleRouting(deps);
  return deps.transaction.run(({ messages }) => messages.get(messageId));
}

/** Runs the routing jobs new chats left, as the service's worker does right after they arrive. */
export async function settleRouting(deps: MemoryDeps): Promise<void> {
  for (const [id, job] of deps.state.jobs) {
    if (job.request.kind !== ROUTE_CHAT) continue;
    await routeChat(deps, job.request.payload);
    deps.state.jobs.delete(id);
  }
}
