import { expect, it } from 'vitest';
import { Chat } from '../../../domain/chat.ts';
import type { ChatId } from '../../../domain/ids.ts';
import { aChat, anAgent, inTransaction, seedChannel, seedChat, seedContact } from './fixtures.ts';
import { at, type OpenContractDb } from './harness.ts';
import { chatListContract } from './chat-list.contract.ts';

/** ChatRepository: one open chat per (channel, contact), atomic counters, keyset lists. */
export function chatRepositoryContract(open: OpenContractDb): void {
  it('opens a chat once and finds the open one afterwards', () => opensOnce(open));
  it('opens a new chat after the open one is completed, and lists both for the contact', () => opensAgainAfterCompletion(open));
  it('makes one chat of concurrent opens for one contact', () => oneChatOfConcurrentOpens(open));
  it('lists the chats of a contact on one channel', () => listsChatsOfContactOnChannel(open));
  it('counts incoming messages and never moves lastMessageAt back', () => countsIncomingMessages(open));
  it('moves lastMessageAt on with replies, never back, without counting them unread', () => movesOnWithReplies(open));
  it('loses no concurrent increment, and a save of other fields keeps the count', () => losesNoIncrement(open));
  it('updates a chat it opened and counted in the same transaction without losing the count', () => updatesWithinOneTransaction(open));
  chatListContract(open);
}

async function opensOnce(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const contact = await seedContact(db, channel, '42');
  const first = await inTransaction(db, ({ chats }) => chats.findOpenOrOpen(channel.id, contact.id, () => aChat(channel, contact)));
  const again = await inTransaction(db, ({ chats }) => chats.findOpenOrOpen(channel.id, contact.id, () => aChat(channel, contact)));
  expect(first.created).toBe(true);
  expect(again.created).toBe(false);
  expect(again.chat).toBeInstanceOf(Chat);
  expect(again.chat).toEqual(first.chat);
}

async function opensAgainAfterCompletion(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  await inTransaction(db, async ({ chats }) => {
    const stored = await chats.get(chat.id);
    stored.complete(at(60));
    await chats.save(stored);
  });
  const channel = await inTransaction(db, ({ channels }) => channels.get(chat.channelId));
  const next = await seedChat(db, channel, '42');
  expect(next.id).not.toBe(chat.id);
  expect(await inTransaction(db, ({ chats }) => chats.chatIdsOfContact(chat.contactId))).toEqual([chat.id, next.id]);
  expect(await inTransaction(db, ({ chats }) => chats.get(chat.id))).toMatchObject({ status: 'completed', completedAt: at(60) });
}

async function oneChatOfConcurrentOpens(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const contact = await seedContact(db, channel, '42');
  const results = await Promise.all(Array.from({ length: 5 }, () =>
    inTransaction(db, ({ chats }) => chats.findOpenOrOpen(channel.id, contact.id, () => aChat(channel, contact)))));
  expect(results.filter((r) => r.created)).toHaveLength(1);
  expect(new Set(results.map((r) => r.chat.id)).size).toBe(1);
  expect(await db.count('chat')).toBe(1);
}

async function countsIncomingMessages(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  await inTransaction(db, ({ chats }) => chats.recordIncoming(chat.id, at(30)));
  await inTransaction(db, ({ chats }) => chats.recordIncoming(chat.id, at(10)));
  expect(await inTransaction(db, ({ chats }) => chats.get(chat.id))).toMatchObject({ unreadCount: 2, lastMessageAt: at(30) });
  await expect(inTransaction(db, ({ chats }) => chats.recordIncoming('x' as ChatId, at(1)))).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
}

async function movesOnWithReplies(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  await inTransaction(db, ({ chats }) => chats.recordIncoming(chat.id, at(10)));
  await inTransaction(db, ({ chats }) => chats.recordOutgoing(chat.id, at(40)));
  await inTransaction(db, ({ chats }) => chats.recordOutgoing(chat.id, at(20)));
  expect(await inTransaction(db, ({ chats }) => chats.get(chat.id))).toMatchObject({ unreadCount: 1, lastMessageAt: at(40) });
  await expect(inTransaction(db, ({ chats }) => chats.recordOutgoing('x' as ChatId, at(1)))).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
}

async function losesNoIncrement(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const agent = anAgent();
  await inTransaction(db, ({ agents }) => agents.save(agent));
  const loaded = await inTransaction(db, ({ chats }) => chats.get(chat.id));
  await Promise.all(Array.from({ length: 10 }, (_, i) => inTransaction(db, ({ chats }) => chats.recordIncoming(chat.id, at(i)))));
  await inTransaction(db, async ({ chats }) => {
    const fresh = await chats.get(chat.id);
    fresh.accept(agent.id);
    await chats.save(fresh);
  });
  expect(loaded.unreadCount).toBe(0);
  expect(await inTransaction(db, ({ chats }) => chats.get(chat.id))).toMatchObject({ unreadCount: 10, status: 'active', agentId: agent.id });
}

async function updatesWithinOneTransaction(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const contact = await seedContact(db, channel, '42');
  const agent = anAgent();
  await inTransaction(db, ({ agents }) => agents.save(agent));
  await inTransaction(db, async ({ chats }) => {
    const { chat } = await chats.findOpenOrOpen(channel.id, contact.id, () => aChat(channel, contact));
    await chats.recordIncoming(chat.id, at(5));
    const fresh = await chats.get(chat.id);
    fresh.accept(agent.id);
    await chats.save(fresh);
  });
  const [stored] = await inTransaction(db, ({ chats }) => chats.list({}, { after: undefined, limit: 10 }));
  expect(stored).toMatchObject({ unreadCount: 1, lastMessageAt: at(5), status: 'active' });
}

async function listsChatsOfContactOnChannel(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const other = await seedChannel(db, { source: 'bot-2' });
  const contact = await seedContact(db, channel, '42');
  const here = await seedChat(db, channel, '42');
  const there = await inTransaction(db, async ({ chats }) => (await chats.findOpenOrOpen(other.id, contact.id, () => aChat(other, contact))).chat);
  await inTransaction(db, async ({ chats }) => {
    expect(await chats.chatIdsOfContact(contact.id)).toEqual([here.id, there.id]);
    expect(await chats.chatIdsOfContact(contact.id, other.id)).toEqual([there.id]);
    expect(await chats.chatIdsOfContact(contact.id, channel.id)).toEqual([here.id]);
  });
}
