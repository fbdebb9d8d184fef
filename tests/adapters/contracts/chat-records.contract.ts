import { expect, it } from 'vitest';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import type { Chat } from '../../../domain/chat.ts';
import { Message } from '../../../domain/message.ts';
import { RoutingDecision } from '../../../domain/routing.ts';
import { ChatTransition, positionOf } from '../../../domain/transition.ts';
import { aChat, anAgent, anIncoming, inTransaction, seedChannel, seedChat, seedContact } from './fixtures.ts';
import { at, type OpenContractDb } from './harness.ts';

/** ChatRepository's records around chats: last-message previews, transitions, routing decisions, contact moves. */
export function chatRecordsContract(open: OpenContractDb): void {
  it('gives the newest message of each chat in one call (sentAt, then id), none for a chat without messages', () => previewsLastMessages(open));
  it('records transitions and routing decisions and reads them back per chat, oldest first', () => recordsTransitions(open));
  it('moves every chat of a contact to another, and filters lists by contact', () => movesChatsToContact(open));
}

const anOutgoing = (chat: Chat, text: string, sentAt: Date) => new Message({
  id: uuidIds.next(), chatId: chat.id, channelId: chat.channelId, direction: 'outgoing', type: 'text', text,
  externalId: null, idempotencyKey: null, senderExternalId: null, sentAt, createdAt: sentAt,
});

async function previewsLastMessages(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const [first, second, silent] = [await seedChat(db, channel, 'a'), await seedChat(db, channel, 'b'), await seedChat(db, channel, 'c')];
  const late = anIncoming(first, 'late', at(30));
  await inTransaction(db, async ({ messages }) => {
    await messages.insertIfAbsent(anIncoming(first, 'early', at(10)), []);
    await messages.insertIfAbsent(late, []);
    await messages.insertIfAbsent(anOutgoing(second, 'reply', at(20)), []);
    await messages.insertIfAbsent(anIncoming(second, 'older', at(5)), []);
  });
  const previews = await inTransaction(db, ({ chats }) => chats.lastMessages([first.id, second.id, silent.id]));
  expect(previews.get(first.id)).toEqual({ text: late.text, type: 'text', direction: 'incoming', sentAt: at(30) });
  expect(previews.get(second.id)).toEqual({ text: 'reply', type: 'text', direction: 'outgoing', sentAt: at(20) });
  expect(previews.has(silent.id)).toBe(false);
  expect((await inTransaction(db, ({ chats }) => chats.lastMessages([]))).size).toBe(0);
}

async function recordsTransitions(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const agent = anAgent();
  const from = positionOf(chat);
  const to = { status: 'active' as const, agentId: agent.id, queueId: chat.queueId };
  const later = new ChatTransition({ id: uuidIds.next(), chatId: chat.id, kind: 'completed', from: to, to: { ...to, status: 'completed' }, byAgentId: agent.id, at: at(20) });
  const first = new ChatTransition({ id: uuidIds.next(), chatId: chat.id, kind: 'routed', from, to, byAgentId: null, comment: 'why not', at: at(10) });
  const decision = new RoutingDecision({ id: uuidIds.next(), chatId: chat.id, queueId: chat.queueId, agentId: agent.id, reason: 'least busy', at: at(10) });
  const waiting = new RoutingDecision({ id: uuidIds.next(), chatId: chat.id, queueId: chat.queueId, agentId: null, reason: 'nobody online', at: at(5) });
  await inTransaction(db, async ({ agents, chats }) => {
    await agents.save(agent);
    for (const t of [later, first]) await chats.recordTransition(t);
    for (const d of [decision, waiting]) await chats.recordRoutingDecision(d);
  });
  const read = await inTransaction(db, async ({ chats }) => ({ transitions: await chats.transitionsOf(chat.id), decisions: await chats.routingDecisionsOf(chat.id) }));
  expect(read.transitions).toEqual([first, later]);
  expect(read.transitions[0]).toBeInstanceOf(ChatTransition);
  expect(read.decisions).toEqual([waiting, decision]);
  expect(read.decisions[0]).toBeInstanceOf(RoutingDecision);
  expect(await db.count('chat_transition')).toBe(2);
  expect(await db.count('routing_decision')).toBe(2);
}

async function movesChatsToContact(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const other = await seedChannel(db, { source: 'bot-2' });
  const target = await seedContact(db, channel, 'target');
  const source = await seedContact(db, channel, 'source');
  const sourceChat = await seedChat(db, channel, 'source');
  const elsewhere = await inTransaction(db, async ({ chats }) => (await chats.findOpenOrOpen(other.id, source.id, () => aChat(other, source))).chat);
  const moved = await inTransaction(db, ({ chats }) => chats.moveToContact(source.id, target.id));
  expect(moved).toBe(2);
  await inTransaction(db, async ({ chats }) => {
    expect((await chats.chatIdsOfContact(target.id)).sort()).toEqual([sourceChat.id, elsewhere.id].sort());
    expect(await chats.chatIdsOfContact(source.id)).toEqual([]);
    expect((await chats.get(sourceChat.id)).contactId).toBe(target.id);
    const listed = await chats.list({ contactId: target.id }, { after: undefined, limit: 10 });
    expect(listed.map((c) => c.id).sort()).toEqual([sourceChat.id, elsewhere.id].sort());
    expect(await chats.list({ contactId: source.id }, { after: undefined, limit: 10 })).toEqual([]);
  });
}
