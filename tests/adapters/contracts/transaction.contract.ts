import { expect, it } from 'vitest';
import { aChannel, aQueue, anIncoming, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import type { OpenContractDb } from './harness.ts';

/** Transaction: all of a unit of work commits, or none of it. */
export function transactionContract(open: OpenContractDb): void {
  it('rolls back everything a failed unit of work wrote, and passes its error on', () => rollsBackFailedWork(open));
  it('commits what a unit of work saved, and returns what it returned', () => commitsSavedWork(open));
  it('stores only what was saved: changes to a loaded entity without save are dropped', () => dropsUnsavedChanges(open));
  it('reads and autocommits outside a unit of work: a claim made by autocommit holds for the next claim', () => autocommitsOneWrite(open));
}

async function autocommitsOneWrite(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, ({ jobs }) => jobs.enqueue({ kind: 'k', payload: { n: 1 } }));
  const now = new Date('2030-01-01T00:00:00Z');
  const claimed = await db.transaction.autocommit(({ jobs }) => jobs.claim(5, now, 60_000));
  expect(claimed.map((job) => job.payload)).toEqual([{ n: 1 }]);
  expect(await db.transaction.autocommit(({ jobs }) => jobs.claim(5, now, 60_000))).toEqual([]);
  await db.transaction.autocommit(({ jobs }) => jobs.claim(0, now, 60_000, [claimed[0]!.id]));
  expect(await db.transaction.read(({ jobs }) => jobs.countPending())).toBe(0);
}

async function rollsBackFailedWork(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const queue = aQueue();
  const failure = new Error('boom');
  const work = inTransaction(db, async ({ queues, channels, chats, messages, jobs }) => {
    await queues.save(queue);
    await channels.save(aChannel(queue.id, { source: 'rolled-back' }));
    await chats.recordIncoming(chat.id, new Date('2030-01-01T00:00:00Z'));
    await messages.insertIfAbsent(anIncoming(chat, 'm-1'), []);
    await jobs.enqueue({ kind: 'never', payload: {} });
    throw failure;
  });
  await expect(work).rejects.toBe(failure);
  expect(await inTransaction(db, ({ queues }) => queues.find(queue.id))).toBeUndefined();
  expect(await inTransaction(db, ({ chats }) => chats.get(chat.id))).toMatchObject({ unreadCount: 0, lastMessageAt: chat.lastMessageAt });
  expect(await inTransaction(db, ({ jobs }) => jobs.countPending())).toBe(0);
  expect([await db.count('queue'), await db.count('channel'), await db.count('message'), await db.count('job')]).toEqual([1, 1, 0, 0]);
}

async function commitsSavedWork(open: OpenContractDb): Promise<void> {
  const db = await open();
  const queue = aQueue();
  const result = await inTransaction(db, async ({ queues }) => {
    await queues.save(queue);
    return 'done';
  });
  expect(result).toBe('done');
  expect(await inTransaction(db, ({ queues }) => queues.find(queue.id))).toEqual(queue);
}

async function dropsUnsavedChanges(open: OpenContractDb): Promise<void> {
  const db = await open();
  const queue = aQueue('Original');
  await inTransaction(db, ({ queues }) => queues.save(queue));
  await inTransaction(db, async ({ queues }) => {
    const stored = await queues.get(queue.id);
    stored.name = 'Changed but not saved';
  });
  expect(await inTransaction(db, ({ queues }) => queues.get(queue.id))).toMatchObject({ name: 'Original' });
}
