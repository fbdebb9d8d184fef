import { expect, it } from 'vitest';
import type { Chat } from '../../../domain/chat.ts';
import { Message, type DeliveryStatus } from '../../../domain/message.ts';
import { anIncoming, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

/** MessageRepository lookups for receipts, edits and echoes: by the messenger's id, and what awaits a receipt. */
export function messageLookupsContract(open: OpenContractDb): void {
  it('finds a message by the messenger\'s id of it, the first one should the id repeat', () => findsByExternalId(open));
  it('keeps what the messenger told beyond text', () => keepsMetadata(open));
  it('lists outgoing messages up to a time whose delivery may still move forward', () => listsAwaitingReceipt(open));
}

async function findsByExternalId(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const first = withExternalId(anIncoming(chat, 'k-1'), 'ext-1');
  const second = withExternalId(anIncoming(chat, 'k-2'), 'ext-1');
  for (const message of [first, second]) await inTransaction(db, ({ messages }) => messages.insertIfAbsent(message, []));
  await inTransaction(db, async ({ messages }) => {
    expect(await messages.findByExternalId(chat.channelId, 'ext-1')).toEqual(first);
    expect(await messages.findByExternalId(chat.channelId, 'ext-2')).toBeUndefined();
  });
}

async function keepsMetadata(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const message = anIncoming(chat, 'loc-1');
  message.metadata = { latitude: 52.52, longitude: 13.405, place: { name: 'Café "Mitte"', tags: ['wifi', null] } };
  const plain = anIncoming(chat, 'text-1');
  await inTransaction(db, async ({ messages }) => {
    await messages.insertIfAbsent(message, []);
    await messages.insertIfAbsent(plain, []);
  });
  expect(await inTransaction(db, ({ messages }) => messages.get(message.id))).toEqual(message);
  expect(await inTransaction(db, ({ messages }) => messages.get(plain.id))).toMatchObject({ metadata: null });
  const loaded = await inTransaction(db, async ({ messages }) => {
    const stored = await messages.get(plain.id);
    stored.metadata = { payload: 'BUTTON_1' };
    await messages.save(stored);
    return stored;
  });
  expect(await inTransaction(db, ({ messages }) => messages.get(plain.id))).toMatchObject({ metadata: { payload: 'BUTTON_1' } });
  loaded.metadata = { payload: 'BUTTON_2' };
  await inTransaction(db, ({ messages }) => messages.save(loaded));
  expect(await inTransaction(db, ({ messages }) => messages.get(plain.id))).toMatchObject({ metadata: { payload: 'BUTTON_2' } });
}

async function listsAwaitingReceipt(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const [chat, other] = [await seedChat(db, channel, '42'), await seedChat(db, channel, '43')];
  const sent = await storeOutgoing(db, chat, 'sent', 10);
  const delivered = await storeOutgoing(db, chat, 'delivered', 20);
  const elsewhere = await storeOutgoing(db, other, 'sent', 10);
  for (const [status, s] of [['queued', 5], ['read', 5], ['failed', 5], ['sent', 40]] as const) await storeOutgoing(db, chat, status, s);
  await inTransaction(db, ({ messages }) => messages.insertIfAbsent(anIncoming(chat, 'in-1', at(1)), []));
  const awaiting = await inTransaction(db, ({ messages }) => messages.outgoingAwaitingReceipt([chat.id, other.id], at(30)));
  expect(awaiting.map((m) => m.id).sort()).toEqual([sent.id, delivered.id, elsewhere.id].sort());
  expect(awaiting[0]).toBeInstanceOf(Message);
  expect(await inTransaction(db, ({ messages }) => messages.outgoingAwaitingReceipt([], at(30)))).toEqual([]);
}

const withExternalId = (message: Message, externalId: string): Message => Object.assign(message, { externalId });

/** An outgoing message of the chat, sent at that many seconds, moved on to `status`. */
async function storeOutgoing(db: ContractDb, chat: Chat, status: DeliveryStatus, seconds: number): Promise<Message> {
  const message = new Message({ ...anIncoming(chat, null, at(seconds)), direction: 'outgoing' });
  if (status === 'failed') message.advanceStatus('failed', 'rejected');
  for (const step of (['sent', 'delivered', 'read'] as const).slice(0, ['sent', 'delivered', 'read'].indexOf(status) + 1)) message.advanceStatus(step);
  await inTransaction(db, ({ messages }) => messages.insertIfAbsent(message, []));
  return message;
}
