import { expect, it } from 'vitest';
import { receiveInboundMessage } from '../../../application/inbound/receive-inbound-message.ts';
import type { Deps } from '../../../application/deps.ts';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import { anInbound, inTransaction, seedChannel } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

/** The real inbound use case on this store: what concurrent webhooks leave behind. */
const receiveDeps = (db: ContractDb): Pick<Deps, 'transaction' | 'arrivals' | 'clock' | 'ids' | 'events' | 'providers'> => {
  const events = { publish: async () => {} };
  return { transaction: db.transaction, arrivals: db.arrivals(events), clock: db.clock, ids: uuidIds, events, providers: { find: () => undefined } };
};

/** Races through receiveInboundMessage: redeliveries and first messages arriving at once. */
export function inboundRacesContract(open: OpenContractDb): void {
  it('stores a message delivered 5 times at once exactly once', () => storesRedeliveriesOnce(open));
  it('turns 50 concurrent first messages from 10 new senders into 10 contacts, 10 chats, 50 messages', () => storesConcurrentFirstMessages(open));
}

async function counts(db: ContractDb): Promise<Record<string, number>> {
  return {
    contacts: await db.count('contact'), identities: await db.count('contact_identity'),
    chats: await db.count('chat'), messages: await db.count('message'),
  };
}

async function storesRedeliveriesOnce(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const results = await Promise.all(Array.from({ length: 5 }, () => receiveInboundMessage(receiveDeps(db), channel, anInbound('m-1', '42'))));
  expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
  expect(await counts(db)).toEqual({ contacts: 1, identities: 1, chats: 1, messages: 1 });
  const [chat] = await inTransaction(db, ({ chats }) => chats.list({}, { after: undefined, limit: 10 }));
  expect(chat).toMatchObject({ unreadCount: 1 });
}

async function storesConcurrentFirstMessages(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const inbound = Array.from({ length: 50 }, (_, i) => anInbound(`m-${i}`, `sender-${i % 10}`, at(i)));
  const results = await Promise.all(inbound.map((message) => receiveInboundMessage(receiveDeps(db), channel, message)));
  expect(results.every((r) => !r.duplicate)).toBe(true);
  expect(await counts(db)).toEqual({ contacts: 10, identities: 10, chats: 10, messages: 50 });
  const chats = await inTransaction(db, ({ chats: repo }) => repo.list({}, { after: undefined, limit: 50 }));
  expect(chats.map((c) => c.unreadCount)).toEqual(Array(10).fill(5));
  const history = await inTransaction(db, ({ messages }) => messages.history(chats.map((c) => c.id), { after: undefined, limit: 100 }));
  expect(history).toHaveLength(50);
}
