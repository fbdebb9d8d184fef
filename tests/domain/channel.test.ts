import { describe, expect, it } from 'vitest';
import { Channel } from '../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../domain/ids.ts';
import { Queue, ROUTING_RULES } from '../../domain/queue.ts';

const CREATED = new Date('2025-01-01T10:00:00Z');

const aChannel = () =>
  new Channel({ id: 'ch-1' as ChannelId, name: 'Support', provider: 'custom', source: 'bot-1', queueId: 'q-1' as QueueId, settings: { secret: 's' }, createdAt: CREATED });

describe('Channel', () => {
  it('starts active with what it was given', () => {
    expect(aChannel()).toMatchObject({ isActive: true, name: 'Support', provider: 'custom', source: 'bot-1', queueId: 'q-1', settings: { secret: 's' } });
  });

  it('can be deactivated and activated again', () => {
    const channel = aChannel();
    channel.deactivate();
    expect(channel.isActive).toBe(false);
    channel.activate();
    expect(channel.isActive).toBe(true);
  });
});

describe('Queue', () => {
  it('routes by hand or automatically', () => {
    expect(ROUTING_RULES).toEqual(['manual', 'auto']);
    const queue = new Queue({ id: 'q-1' as QueueId, name: 'First line', routing: 'auto', createdAt: CREATED });
    expect(queue).toMatchObject({ name: 'First line', routing: 'auto', createdAt: CREATED });
  });
});
