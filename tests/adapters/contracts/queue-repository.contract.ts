import { expect, it } from 'vitest';
import type { QueueId } from '../../../domain/ids.ts';
import { Queue } from '../../../domain/queue.ts';
import { aQueue, inTransaction } from './fixtures.ts';
import type { OpenContractDb } from './harness.ts';

/** QueueRepository: queues and their routing rule. */
export function queueRepositoryContract(open: OpenContractDb): void {
  it('stores, updates and lists queues oldest first', () => storesAndListsQueues(open));
  it('reports unknown queues', () => reportsUnknownQueues(open));
}

async function storesAndListsQueues(open: OpenContractDb): Promise<void> {
  const db = await open();
  const [first, second] = [aQueue('First'), aQueue('Second')];
  await inTransaction(db, async ({ queues }) => {
    await queues.save(first);
    await queues.save(second);
  });
  await inTransaction(db, async ({ queues }) => {
    const stored = await queues.get(first.id);
    stored.routing = 'auto';
    await queues.save(stored);
  });
  await inTransaction(db, async ({ queues }) => {
    expect(await queues.find(first.id)).toBeInstanceOf(Queue);
    expect(await queues.get(first.id)).toMatchObject({ name: 'First', routing: 'auto' });
    expect((await queues.list()).map((q) => q.id)).toEqual([first.id, second.id].sort());
  });
}

async function reportsUnknownQueues(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, async ({ queues }) => {
    expect(await queues.find('q-1' as QueueId)).toBeUndefined();
    await expect(queues.get(aQueue().id)).rejects.toMatchObject({ kind: 'not_found', code: 'QUEUE_NOT_FOUND' });
    expect(await queues.list()).toEqual([]);
  });
}
