import { describe, expect, it } from 'vitest';
import type { QueueId } from '../../domain/ids.ts';
import { Queue } from '../../domain/queue.ts';

const AT = new Date('2025-01-01T10:00:00Z');

describe('Queue', () => {
  it('keeps an agent\'s chats with it when it goes offline, unless told to send them back to the queue', () => {
    expect(new Queue({ id: 'q-1' as QueueId, name: 'Day', routing: 'manual', createdAt: AT }).offlinePolicy).toBe('stay');
    expect(new Queue({ id: 'q-2' as QueueId, name: 'Night', routing: 'auto', offlinePolicy: 'requeue', createdAt: AT }).offlinePolicy).toBe('requeue');
  });
});
