import { expect, it } from 'vitest';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import type { Chat } from '../../../domain/chat.ts';
import { Contact } from '../../../domain/contact.ts';
import { ContactMerge } from '../../../domain/contact-merge.ts';
import type { ContactId, QueueId } from '../../../domain/ids.ts';
import { anAgent, inTransaction, seedChannel, seedChat, seedContact } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

/** ContactRepository's search and merge parts. */
export function contactMergeContract(open: OpenContractDb): void {
  it('finds contacts by name or identity external id, case-insensitively, % and _ taken literally', () => searchesContacts(open));
  it('pages search results newest first and limits an agent to contacts of chats it may see', () => pagesAndLimitsSearch(open));
  it('moves identities, removes the merged contact and records the merge', () => movesAndRecords(open));
}

const search = (db: ContractDb, query: string, limit = 20) =>
  inTransaction(db, ({ contacts }) => contacts.search({ query }, { after: undefined, limit }));

async function rename(db: ContractDb, contact: Contact, name: string): Promise<void> {
  contact.rename(name);
  await inTransaction(db, ({ contacts }) => contacts.save(contact));
}

async function searchesContacts(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const ada = await seedContact(db, channel, 'tg-1001');
  const bob = await seedContact(db, channel, 'tg-2002');
  const odd = await seedContact(db, channel, 'x_9');
  await rename(db, ada, 'Ada Lovelace');
  await rename(db, bob, 'Bob 100% Real');
  const ids = async (query: string) => (await search(db, query)).map((c) => c.id).sort();
  expect(await ids('lovelace')).toEqual([ada.id]);
  expect(await ids('ADA')).toEqual([ada.id]);
  expect(await ids('TG-2002')).toEqual([bob.id]);
  expect(await ids('100%')).toEqual([bob.id]);
  expect(await ids('x_')).toEqual([odd.id]);
  expect(await ids('%')).toEqual([bob.id]);
  expect(await ids('nobody')).toEqual([]);
  expect(await ids('')).toEqual([ada.id, bob.id, odd.id].sort());
  expect((await search(db, 'ada'))[0]).toBeInstanceOf(Contact);
}

async function pagesAndLimitsSearch(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const chats: Chat[] = [];
  for (const sender of ['s1', 's2', 's3']) chats.push(await seedChat(db, channel, sender));
  const all = await search(db, 's');
  expect(all.map((c) => c.id)).toEqual(chats.map((c) => c.contactId).sort().reverse());
  const last = all[1]!;
  const next = await inTransaction(db, ({ contacts }) => contacts.search({ query: 's' }, { after: { at: last.createdAt, id: last.id }, limit: 5 }));
  expect(next.map((c) => c.id)).toEqual([all[2]!.id]);
  const agent = anAgent();
  await inTransaction(db, async ({ agents, chats: repo }) => {
    await agents.save(agent);
    await repo.claim(chats[0]!.id, agent.id);
  });
  const visible = (queueIds: QueueId[]) =>
    inTransaction(db, ({ contacts }) => contacts.search({ query: '', visibleTo: { agentId: agent.id, queueIds } }, { after: undefined, limit: 10 }));
  expect((await visible([])).map((c) => c.id)).toEqual([chats[0]!.contactId]);
  expect((await visible([channel.queueId])).map((c) => c.id).sort()).toEqual(chats.map((c) => c.contactId).sort());
}

async function movesAndRecords(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const target = await seedContact(db, channel, 'target');
  const source = await seedContact(db, channel, 'source');
  const locked = await inTransaction(db, ({ contacts }) => contacts.lock([source.id, target.id, 'x' as ContactId]));
  expect(locked.map((c) => c.id)).toEqual([source.id, target.id].sort());
  const merge = new ContactMerge({
    id: uuidIds.next(), targetContactId: target.id, sourceContactId: source.id, sourceName: source.name, byAgentId: null,
    identitiesMoved: 1, chatsMoved: 0, at: at(9),
  });
  const moved = await inTransaction(db, async ({ contacts }) => {
    const n = await contacts.moveIdentities(source.id, target.id);
    await contacts.remove(source.id);
    await contacts.recordMerge(merge);
    return n;
  });
  expect(moved).toBe(1);
  await inTransaction(db, async ({ contacts }) => {
    expect((await contacts.identitiesOf([target.id])).map((i) => i.externalId).sort()).toEqual(['source', 'target']);
    expect(await contacts.find(source.id)).toBeUndefined();
    expect((await contacts.findByIdentity({ provider: channel.provider, channelId: channel.id, externalId: 'source' }))?.id).toBe(target.id);
    expect(await contacts.mergesInto(target.id)).toEqual([merge]);
    expect(await contacts.mergesInto(source.id)).toEqual([]);
  });
  expect(await db.count('contact')).toBe(1);
  expect(await db.count('contact_merge')).toBe(1);
}
