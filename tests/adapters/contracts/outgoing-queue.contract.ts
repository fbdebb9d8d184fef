import { expect, it } from 'vitest';
import type { Chat } from '../../../domain/chat.ts';
import { Message, type DeliveryStatus } from '../../../domain/message.ts';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import { anIncoming, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

/** MessageRepository's outgoing queue of a chat: the next message to deliver, and the lock that orders sends. */
export function outgoingQueueContract(open: OpenContractDb): void {
  it('finds the first queued outgoing message of a chat, by id, ignoring all others', () => findsOldestQueued(open));
  it('holds a chat\'s outgoing queue until the transaction that locked it ends', () => holdsTheLock(open));
}

/** An outgoing message of the chat, stored with `status`. */
async function storeOutgoing(db: ContractDb, chat: Chat, status: DeliveryStatus, sentAt = at(0)): Promise<Message> {
  const message = new Message({
    id: uuidIds.next(), chatId: chat.id, channelId: chat.channelId, direction: 'outgoing', type: 'text', text: status,
    externalId: null, idempotencyKey: null, senderExternalId: null, sentAt, createdAt: sentAt,
  });
  if (status === 'failed') message.advanceStatus('failed', 'rejected');
  else if (status !== 'queued') message.advanceStatus(status);
  await inTransaction(db, ({ messages }) => messages.insertIfAbsent(message, []));
  return message;
}

async function findsOldestQueued(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const [chat, other] = [await seedChat(db, channel, '42'), await seedChat(db, channel, '43')];
  const oldest = (id = chat.id) => inTransaction(db, ({ messages }) => messages.oldestQueuedInChat(id));
  expect(await oldest()).toBeUndefined();
  for (const status of ['sent', 'failed', 'read'] as const) await storeOutgoing(db, chat, status);
  await inTransaction(db, ({ messages }) => messages.insertIfAbsent(anIncoming(chat, 'in-1'), []));
  await storeOutgoing(db, other, 'queued');
  expect(await oldest()).toBeUndefined();
  // Minted first, yet sent "later" by its clock: the queue follows ids, which follow the order of commits.
  const first = await storeOutgoing(db, chat, 'queued', at(60));
  const second = await storeOutgoing(db, chat, 'queued', at(1));
  expect(await oldest()).toEqual(first);
  expect(await oldest()).toBeInstanceOf(Message);
  await inTransaction(db, async ({ messages }) => {
    first.advanceStatus('sent');
    await messages.save(first);
  });
  expect(await oldest()).toEqual(second);
  expect(await oldest('00000000-0000-7000-8000-000000000000' as Chat['id'])).toBeUndefined();
}

async function holdsTheLock(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  // Two connections open already, so the second transaction below starts at once on a server.
  await Promise.all([inTransaction(db, ({ jobs }) => jobs.countPending()), inTransaction(db, ({ jobs }) => jobs.countPending())]);
  const steps: string[] = [];
  let release = () => {};
  let locked = () => {};
  const released = new Promise<void>((resolve) => { release = resolve; });
  const holding = new Promise<void>((resolve) => { locked = resolve; });
  const holder = inTransaction(db, async ({ messages }) => {
    await messages.lockOutgoing(chat.id);
    steps.push('first locked');
    locked();
    await released;
  });
  await holding;
  const waiter = inTransaction(db, async ({ messages }) => {
    await messages.lockOutgoing(chat.id);
    steps.push('second locked');
  });
  // Gives the second transaction every chance to take the lock early, were it not held.
  await new Promise((resolve) => setTimeout(resolve, 300));
  steps.push('first ends');
  release();
  await Promise.all([holder, waiter]);
  expect(steps).toEqual(['first locked', 'first ends', 'second locked']);
}
