import { expect, it } from 'vitest';
import type { Deps } from '../../../application/deps.ts';
import { deliverMessage } from '../../../application/jobs/deliver-message.ts';
import { DELIVER_MESSAGE } from '../../../application/jobs/kinds.ts';
import { runDueJobs } from '../../../application/jobs/run-due-jobs.ts';
import type { OutboundRequest } from '../../../application/ports/outbound-sender.ts';
import { sendMessage } from '../../../application/messages/send-message.ts';
import { receiveInboundMessage } from '../../../application/inbound/receive-inbound-message.ts';
import type { Viewer } from '../../../application/viewer.ts';
import type { Chat } from '../../../domain/chat.ts';
import type { Message } from '../../../domain/message.ts';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import { createMemoryFileStorage } from '../../support/memory-file-storage.ts';
import { anInbound, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

const ADMIN: Viewer = { agentId: null, role: 'admin', queueIds: [] };
const POLICY = { batchSize: 4, leaseMs: 60_000, backoffMs: () => 0 };

/** The real send and delivery use cases on this store, with a messenger that records what it was given. */
function sendingDeps(db: ContractDb) {
  const delivered: OutboundRequest[] = [];
  const events = { publish: async () => {} };
  const deps: Deps = {
    transaction: db.transaction, arrivals: db.arrivals(events), deliveries: db.deliveries(events), clock: db.clock, ids: uuidIds, events,
    files: createMemoryFileStorage(uuidIds), limits: { maxAttachmentBytes: 1024 },
    providers: { find: (name) => ({ name, sender: { send: async (request) => (delivered.push(request), { kind: 'sent', externalId: `x-${delivered.length}` }) } }) },
  };
  const run = () => runDueJobs(deps, { [DELIVER_MESSAGE]: deliverMessage }, POLICY);
  const drain = async () => { while ((await run()) > 0); };
  return { deps, delivered, run, drain };
}

async function outgoingOf(db: ContractDb, chat: Chat): Promise<Message[]> {
  const history = await inTransaction(db, ({ messages }) => messages.history([chat.id], { after: undefined, limit: 200 }));
  return history.filter((m) => m.direction === 'outgoing').sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Races through sendMessage and the delivery job: double sends, concurrent sends, sends during deliveries. */
export function sendRacesContract(open: OpenContractDb): void {
  it('stores and delivers once a send retried 5 times at once with one idempotency key', () => sendsRetriesOnce(open));
  it('delivers concurrent sends to one chat in the order they were queued, one delivery job at a time', () => keepsQueueOrder(open));
  it('never strands a message sent while the one ahead of it is being delivered', () => neverStrands(open));
  it('stores every send and every incoming message of one chat made at the same instant', () => sendsBesideArrivals(open));
}

async function sendsBesideArrivals(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const chat = await seedChat(db, channel, '42');
  const { deps, drain } = sendingDeps(db);
  const receive = (key: string) => receiveInboundMessage(deps, channel, anInbound(key, '42', at(60)));
  for (let round = 0; round < 10; round += 1) {
    await Promise.all([
      sendMessage(deps, ADMIN, { chatId: chat.id, text: `out ${round} a` }), receive(`in-${round}-a`),
      sendMessage(deps, ADMIN, { chatId: chat.id, text: `out ${round} b` }), receive(`in-${round}-b`),
    ]);
  }
  await drain();
  const history = await inTransaction(db, ({ messages }) => messages.history([chat.id], { after: undefined, limit: 200 }));
  expect(history.filter((m) => m.direction === 'incoming')).toHaveLength(20);
  expect((await outgoingOf(db, chat)).map((m) => m.status)).toEqual(Array(20).fill('sent'));
}

async function sendsRetriesOnce(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const { deps, delivered, drain } = sendingDeps(db);
  const results = await Promise.all(Array.from({ length: 5 }, () => sendMessage(deps, ADMIN, { chatId: chat.id, text: 'once', idempotencyKey: 'k-1' })));
  expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
  expect([await db.count('message'), await db.count('job')]).toEqual([1, 1]);
  await drain();
  expect(delivered.map((r) => r.message.id)).toEqual([results[0]?.message.id]);
}

async function keepsQueueOrder(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const { deps, delivered, drain } = sendingDeps(db);
  await Promise.all(Array.from({ length: 6 }, (_, i) => sendMessage(deps, ADMIN, { chatId: chat.id, text: `m${i}` })));
  expect(await db.count('job')).toBe(1);
  await drain();
  const queued = await outgoingOf(db, chat);
  expect(delivered.map((r) => r.message.id)).toEqual(queued.map((m) => m.id));
  expect(queued.map((m) => m.status)).toEqual(Array(6).fill('sent'));
}

async function neverStrands(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const { deps, delivered, run, drain } = sendingDeps(db);
  const send = (text: string) => sendMessage(deps, ADMIN, { chatId: chat.id, text });
  for (let round = 0; round < 5; round += 1) {
    await send(`head ${round}`);
    await Promise.all([run(), send(`a ${round}`), run(), send(`b ${round}`)]);
  }
  await drain();
  const queued = await outgoingOf(db, chat);
  expect(queued.map((m) => m.status)).toEqual(Array(15).fill('sent'));
  expect(delivered.map((r) => r.message.id)).toEqual(queued.map((m) => m.id));
  expect(await db.count('job')).toBe(0);
}
