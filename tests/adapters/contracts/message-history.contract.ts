import { expect, it } from 'vitest';
import type { Keyset } from '../../../application/ports/pagination.ts';
import type { Chat } from '../../../domain/chat.ts';
import type { Message } from '../../../domain/message.ts';
import { aPhoto, anIncoming, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

/** MessageRepository.history: the messages of several chats, newest first by (sentAt, id), keyset cursors. */
export function messageHistoryContract(open: OpenContractDb): void {
  it('pages the messages of a contact\'s chats newest first', () => pagesHistoryNewestFirst(open));
  it('pages history with each message\'s attachments, as history and attachmentsOf do, also outside a transaction', () => pagesWithAttachments(open));
  it('reads a chat with a page of its history in one call, the chat even past its last page', () => readsChatWithItsPage(open));
}

async function readsChatWithItsPage(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const chat = await seedChat(db, channel, '42');
  const empty = await seedChat(db, channel, '43');
  const photo = anIncoming(chat, 'p', at(20));
  await inTransaction(db, ({ messages }) => messages.insertIfAbsent(photo, [aPhoto(photo, 'https://cdn.example/1.jpg')]));
  const older = await store(db, chat, 't', 10);
  for (const page of [{ after: undefined, limit: 1 }, { after: { at: at(20), id: photo.id }, limit: 5 }, { after: { at: at(10), id: older.id }, limit: 5 }]) {
    const expected = await db.transaction.read(async ({ messages }) => ({ chat: { id: chat.id, agentId: chat.agentId, queueId: chat.queueId }, items: await messages.historyWithAttachments([chat.id], page) }));
    expect(await db.transaction.read(({ messages }) => messages.chatHistory(chat.id, page))).toEqual(expected);
  }
  const none = await db.transaction.read(({ messages }) => messages.chatHistory(empty.id, { after: undefined, limit: 5 }));
  expect(none).toEqual({ chat: { id: empty.id, agentId: empty.agentId, queueId: empty.queueId }, items: [] });
  expect(await db.transaction.read(({ messages }) => messages.chatHistory(anIncoming(chat, 'z', at(1)).id as never, { after: undefined, limit: 5 }))).toBeUndefined();
}

async function pagesWithAttachments(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const first = await seedChat(db, channel, '42');
  const other = await seedChat(db, channel, '43');
  const photo = anIncoming(first, 'p', at(20));
  await inTransaction(db, ({ messages }) => messages.insertIfAbsent(photo, [aPhoto(photo, 'https://cdn.example/1.jpg'), aPhoto(photo, 'https://cdn.example/2.jpg')]));
  await store(db, first, 't', 10);
  await store(db, other, 'x', 15);
  for (const [chatIds, after] of [[[first.id], undefined], [[first.id, other.id], undefined], [[first.id, other.id], { at: at(20), id: photo.id }]] as const) {
    const page = { after, limit: 2 };
    const expected = await inTransaction(db, async ({ messages }) => {
      const listed = await messages.history(chatIds, page);
      const attachments = await messages.attachmentsOf(listed.map((m) => m.id));
      return listed.map((message) => ({ message, attachments: attachments.filter((a) => a.messageId === message.id) }));
    });
    expect(await db.transaction.read(({ messages }) => messages.historyWithAttachments(chatIds, page))).toEqual(expected);
  }
  const withPhoto = await db.transaction.read(({ messages }) => messages.historyWithAttachments([first.id], { after: undefined, limit: 1 }));
  expect(withPhoto[0]?.attachments.map((a) => a.sourceRef)).toEqual(['https://cdn.example/1.jpg', 'https://cdn.example/2.jpg'].sort());
}

async function store(db: ContractDb, chat: Chat, key: string, seconds: number): Promise<Message> {
  const message = anIncoming(chat, key, at(seconds));
  await inTransaction(db, ({ messages }) => messages.insertIfAbsent(message, []));
  return message;
}

const newestFirst = (a: Message, b: Message) =>
  b.sentAt.getTime() - a.sentAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

async function pagesHistoryNewestFirst(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const first = await seedChat(db, channel, '42');
  const other = await seedChat(db, channel, '43');
  const stored = [
    await store(db, first, 'a', 10), await store(db, first, 'b', 30), await store(db, first, 'c', 30),
    await store(db, first, 'd', 20), await store(db, other, 'x', 25),
  ];
  const expected = stored.filter((m) => m.chatId === first.id).sort(newestFirst).map((m) => m.id);
  const seen: string[] = [];
  let after: Keyset | undefined;
  for (let page = 0; page < 4; page += 1) {
    const items = await inTransaction(db, ({ messages }) => messages.history([first.id], { after, limit: 3 }));
    seen.push(...items.map((m) => m.id));
    const last = items.at(-1);
    if (!last) break;
    after = { at: last.sentAt, id: last.id };
  }
  expect(seen).toEqual(expected);
  const both = await inTransaction(db, ({ messages }) => messages.history([first.id, other.id], { after: undefined, limit: 10 }));
  expect(both.map((m) => m.id)).toEqual([...stored].sort(newestFirst).map((m) => m.id));
  expect(await inTransaction(db, ({ messages }) => messages.history([], { after: undefined, limit: 10 }))).toEqual([]);
}
