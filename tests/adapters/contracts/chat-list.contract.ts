import { expect, it } from 'vitest';
import type { ChatFilter } from '../../../application/ports/chat-repository.ts';
import type { Chat } from '../../../domain/chat.ts';
import type { AgentId, QueueId } from '../../../domain/ids.ts';
import { aQueue, anAgent, anIncoming, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

/** ChatRepository.list: newest activity first by (lastMessageAt, id), keyset cursors, filters. */
export function chatListContract(open: OpenContractDb): void {
  it('pages newest first by (lastMessageAt desc, id desc) with keyset cursors', () => pagesNewestFirst(open));
  it('filters by status, queue, agent and what an agent may see', () => filtersChats(open));
  it('gives an empty page for a cursor past the end, before any time, or a zero limit', () => givesEmptyPages(open));
  it('lists a page with each chat\'s newest message, as list and lastMessages do, also outside a transaction', () => listsWithLastMessages(open));
}

/** One chat per entry, each with an incoming message at that many seconds (null: none, so T0). */
async function seedChats(db: ContractDb, seconds: (number | null)[]): Promise<Chat[]> {
  const channel = await seedChannel(db);
  const chats: Chat[] = [];
  for (const [i, s] of seconds.entries()) {
    const chat = await seedChat(db, channel, `sender-${i}`);
    if (s !== null) await inTransaction(db, ({ chats: repo }) => repo.recordIncoming(chat.id, at(s)));
    chats.push(await inTransaction(db, ({ chats: repo }) => repo.get(chat.id)));
  }
  return chats;
}

/** c1 accepted by an agent, c4 moved to a second queue, c5 completed. */
async function reshape(db: ContractDb, c1: Chat, c4: Chat, c5: Chat): Promise<{ agent: AgentId; queue: QueueId }> {
  const agent = anAgent();
  const queue = aQueue('Second line');
  await inTransaction(db, async ({ agents, queues, chats }) => {
    await agents.save(agent);
    await queues.save(queue);
    c1.accept(agent.id);
    c4.transfer({ queueId: queue.id });
    c5.complete(at(99));
    for (const chat of [c1, c4, c5]) await chats.save(chat);
  });
  return { agent: agent.id, queue: queue.id };
}

const newestFirst = (a: Chat, b: Chat) =>
  b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

async function pagesNewestFirst(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chats = await seedChats(db, [10, 30, 30, 20, null]);
  const expected = [...chats].sort(newestFirst).map((c) => c.id);
  const seen: string[] = [];
  let after: { at: Date; id: string } | undefined;
  for (let page = 0; page < 4; page += 1) {
    const items = await inTransaction(db, ({ chats: repo }) => repo.list({}, { after, limit: 2 }));
    seen.push(...items.map((c) => c.id));
    const last = items.at(-1);
    if (!last) break;
    after = { at: last.lastMessageAt, id: last.id };
  }
  expect(seen).toEqual(expected);
  expect(expected.slice(0, 2).sort()).toEqual(chats.slice(1, 3).map((c) => c.id).sort());
}

async function filtersChats(open: OpenContractDb): Promise<void> {
  const db = await open();
  const [c1, c2, c3, c4, c5] = await seedChats(db, [10, 30, 30, 20, null]);
  const { agent, queue } = await reshape(db, c1!, c4!, c5!);
  const other = 'f0000000-0000-7000-8000-000000000000' as AgentId;
  const list = async (filter: ChatFilter) => (await inTransaction(db, ({ chats }) => chats.list(filter, { after: undefined, limit: 10 }))).map((c) => c.id);
  expect(await list({ status: 'new' })).toEqual([c2!, c3!, c4!].sort(newestFirst).map((c) => c.id));
  expect(await list({ status: 'active' })).toEqual([c1!.id]);
  expect(await list({ status: 'completed' })).toEqual([c5!.id]);
  expect(await list({ queueId: queue })).toEqual([c4!.id]);
  expect(await list({ agentId: agent })).toEqual([c1!.id]);
  expect(await list({ visibleTo: { agentId: other, queueIds: [queue] } })).toEqual([c4!.id]);
  expect(await list({ visibleTo: { agentId: agent, queueIds: [] } })).toEqual([c1!.id]);
  expect(await list({ queueId: 'nope' as QueueId })).toEqual([]);
  // A filter inside what the agent may see, and one outside it.
  expect(await list({ queueId: queue, status: 'new', visibleTo: { agentId: other, queueIds: [queue] } })).toEqual([c4!.id]);
  expect(await list({ agentId: agent, visibleTo: { agentId: agent, queueIds: [] } })).toEqual([c1!.id]);
  expect(await list({ queueId: c2!.queueId, visibleTo: { agentId: other, queueIds: [queue] } })).toEqual([]);
}

async function listsWithLastMessages(open: OpenContractDb): Promise<void> {
  const db = await open();
  const [c1, c2] = await seedChats(db, [10, 30, null]);
  await inTransaction(db, async ({ messages }) => {
    await messages.insertIfAbsent(anIncoming(c1!, 'old', at(5)), []);
    await messages.insertIfAbsent(anIncoming(c1!, 'new', at(10)), []);
    await messages.insertIfAbsent(anIncoming(c2!, 'only', at(30)), []);
  });
  const page = { after: undefined, limit: 10 };
  const expected = await inTransaction(db, async ({ chats }) => {
    const listed = await chats.list({}, page);
    const previews = await chats.lastMessages(listed.map((c) => c.id));
    return listed.map((chat) => ({ chat, lastMessage: previews.get(chat.id) ?? null }));
  });
  expect(expected.map((item) => item.lastMessage?.sentAt ?? null)).toEqual([at(30), at(10), null]);
  expect(await db.transaction.read(({ chats }) => chats.listWithLastMessages({}, page))).toEqual(expected);
  expect(await inTransaction(db, ({ chats }) => chats.listWithLastMessages({ queueId: 'nope' as QueueId }, page))).toEqual([]);
}

async function givesEmptyPages(open: OpenContractDb): Promise<void> {
  const db = await open();
  await seedChats(db, [10]);
  await inTransaction(db, async ({ chats }) => {
    expect(await chats.list({}, { after: { at: at(-100), id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' }, limit: 5 })).toEqual([]);
    expect(await chats.list({}, { after: undefined, limit: 0 })).toEqual([]);
    expect(await chats.list({}, { after: { at: new Date(-8.64e15), id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' }, limit: 5 })).toEqual([]);
  });
}
