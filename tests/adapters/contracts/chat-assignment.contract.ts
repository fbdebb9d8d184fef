import { expect, it } from 'vitest';
import { Chat } from '../../../domain/chat.ts';
import type { AgentId, ChatId } from '../../../domain/ids.ts';
import { anAgent, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

/** ChatRepository's assignment part: conditional claims, waiting order, active counts, locks. */
export function chatAssignmentContract(open: OpenContractDb): void {
  it('claims a waiting chat once: of concurrent claims exactly one gets it', () => claimsOnce(open));
  it('lists waiting chats of a queue in arrival order (createdAt, then id)', () => listsWaitingInArrivalOrder(open));
  it('counts and lists the active chats of agents', () => countsActiveChats(open));
  it('locks a chat, so concurrent read-then-write changes add up; reports unknown chats', () => locksChats(open));
}

async function seedAgents(db: ContractDb, n: number): Promise<AgentId[]> {
  const agents = Array.from({ length: n }, (_, i) => anAgent(`Agent ${i}`));
  await inTransaction(db, async ({ agents: repo }) => {
    for (const agent of agents) await repo.save(agent);
  });
  return agents.map((a) => a.id);
}

async function claimsOnce(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const agentIds = await seedAgents(db, 4);
  const results = await Promise.all(agentIds.map((agentId) => inTransaction(db, ({ chats }) => chats.claim(chat.id, agentId))));
  const winners = results.filter((r) => r !== undefined);
  expect(winners).toHaveLength(1);
  expect(winners[0]).toBeInstanceOf(Chat);
  const stored = await inTransaction(db, ({ chats }) => chats.get(chat.id));
  expect(stored).toMatchObject({ status: 'active', agentId: winners[0]!.agentId });
  expect(await inTransaction(db, ({ chats }) => chats.claim('nope' as ChatId, agentIds[0]!))).toBeUndefined();
}

async function listsWaitingInArrivalOrder(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const [agentId] = await seedAgents(db, 1);
  const chats: Chat[] = [];
  for (const [i, sender] of ['a', 'b', 'c', 'd'].entries()) {
    const chat = await seedChat(db, channel, sender);
    // Arrival is createdAt: b arrives last; c and d arrive at the same instant, so the id decides.
    chat.createdAt = at([10, 40, 20, 20][i]!);
    await inTransaction(db, ({ chats: repo }) => repo.save(chat));
    chats.push(chat);
  }
  await inTransaction(db, ({ chats: repo }) => repo.claim(chats[0]!.id, agentId!));
  const waiting = await inTransaction(db, ({ chats: repo }) => repo.waiting(channel.queueId, 10));
  expect(waiting.map((c) => c.id)).toEqual([chats[2]!.id, chats[3]!.id, chats[1]!.id]);
  expect((await inTransaction(db, ({ chats: repo }) => repo.waiting(channel.queueId, 1))).map((c) => c.id)).toEqual([chats[2]!.id]);
}

async function countsActiveChats(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const [ada, bob, cy] = await seedAgents(db, 3);
  const chats = await Promise.all(['1', '2', '3'].map((s) => seedChat(db, channel, s)));
  await inTransaction(db, async ({ chats: repo }) => {
    await repo.claim(chats[0]!.id, ada!);
    await repo.claim(chats[1]!.id, ada!);
    await repo.claim(chats[2]!.id, bob!);
    const done = await repo.get(chats[2]!.id);
    done.complete(at(5));
    await repo.save(done);
  });
  const counts = await inTransaction(db, ({ chats: repo }) => repo.activeCounts([ada!, bob!, cy!]));
  expect(Object.fromEntries(counts)).toEqual({ [ada!]: 2, [bob!]: 0, [cy!]: 0 });
  expect((await inTransaction(db, ({ chats: repo }) => repo.activeOf(ada!))).map((c) => c.id).sort()).toEqual([chats[0]!.id, chats[1]!.id].sort());
  expect(await inTransaction(db, ({ chats: repo }) => repo.activeOf(bob!))).toEqual([]);
}

async function locksChats(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  // Each writer counts from what it read: only the lock makes the five read-then-writes add up.
  await Promise.all(Array.from({ length: 5 }, (_, i) => inTransaction(db, async ({ chats }) => {
    const locked = await chats.lock(chat.id);
    locked.recordIncoming(at(i));
    await chats.save(locked);
  })));
  const stored = await inTransaction(db, ({ chats }) => chats.lock(chat.id));
  expect(stored).toBeInstanceOf(Chat);
  expect(stored).toMatchObject({ unreadCount: 5, lastMessageAt: at(4) });
  await expect(inTransaction(db, ({ chats }) => chats.lock('x' as ChatId))).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
}
