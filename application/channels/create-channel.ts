import { Channel, type ChannelSettings } from '../../domain/channel.ts';
import type { QueueId } from '../../domain/ids.ts';
import { Queue } from '../../domain/queue.ts';
import type { Deps } from '../deps.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';

export interface CreateChannelInput {
  readonly name: string;
  readonly provider: string;
  readonly source: string;
  readonly queueId?: QueueId | undefined;
  /** Already checked against the provider's settings schema at the edge. */
  readonly settings: ChannelSettings;
}

/**
 * Connects a messenger account. Without a queue, the channel gets a queue of its own (named after
 * it, manual routing), so its chats always wait somewhere an agent can see.
 */
export async function createChannel(deps: Pick<Deps, 'transaction' | 'clock' | 'ids'>, viewer: Viewer, input: CreateChannelInput): Promise<Channel> {
  requireAdmin(viewer);
  return deps.transaction.run(async ({ channels, queues }) => {
    const now = deps.clock.now();
    let queueId = input.queueId;
    if (queueId) {
      await queues.get(queueId);
    } else {
      const queue = new Queue({ id: deps.ids.next(), name: input.name, routing: 'manual', createdAt: now });
      await queues.save(queue);
      queueId = queue.id;
    }
    const channel = new Channel({ id: deps.ids.next(), name: input.name, provider: input.provider, source: input.source, queueId, settings: input.settings, createdAt: now });
    await channels.save(channel);
    return channel;
  });
}
