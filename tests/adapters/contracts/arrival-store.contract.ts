import { expect, it } from 'vitest';
import { draftArrival } from '../../../application/inbound/draft-arrival.ts';
import type { InboundMessage } from '../../../application/inbound/inbound-message.ts';
import { DOWNLOAD_ATTACHMENT, ENRICH_CONTACT, ROUTE_CHAT } from '../../../application/jobs/kinds.ts';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import type { ProviderModule } from '../../../application/ports/provider.ts';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import type { ChatId } from '../../../domain/ids.ts';
import type { RoutingRule } from '../../../domain/queue.ts';
import { anInbound, inTransaction, seedChannel } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

/** The ArrivalStore port: what one call stores, and what it leaves alone. */
export function arrivalStoreContract(open: OpenContractDb): void {
  it('stores a new sender\'s message with its contact, identity, waiting chat, attachment, follow-ups and events', () => storesFirstMessage(open));
  it('routes a chat opened in a queue that routes automatically by a job, and one of a manual queue by no job', () => routesOnlyAutomaticQueues(open));
  it('stores a key once: a repeat in the same call and a redelivery later are duplicates that change nothing', () => storesKeysOnce(open));
  it('gives several messages of one new sender in one call one contact and one chat, counted', () => sharesContactAndChat(open));
  it('lets a contact under a fallback name take a name a later message brings, and keeps a real name', () => learnsNames(open));
  it('opens a new chat after the contact\'s chat was completed, and moves activity of an open one forward only', () => opensAfterCompletion(open));
  it('adds a known contact\'s later messages to its open chat, photos keeping their attachments and download jobs', () => addsToOpenChat(open));
}

const PROFILES_AND_FILES = { find: (name: string) => ({ name, profiles: {}, attachments: {} }) as unknown as ProviderModule };

async function given(open: OpenContractDb, routing: RoutingRule = 'manual') {
  const db = await open();
  const channel = await seedChannel(db, { routing });
  const announced: SwitchboardEvent[] = [];
  const store = db.arrivals({ publish: async (event) => void announced.push(event) });
  const draft = (inbound: InboundMessage) => draftArrival({ clock: db.clock, ids: uuidIds, providers: PROFILES_AND_FILES }, channel, inbound);
  return { db, channel, store, announced, draft };
}

const withPhoto = (inbound: InboundMessage): InboundMessage =>
  ({ ...inbound, attachments: [{ type: 'image', sourceRef: 'file-1', fileName: 'p.jpg', mimeType: 'image/jpeg', fileSize: 10 }] });

/** Jobs as stored: kind and payload, in a stable order. */
async function jobsOf(db: ContractDb) {
  const claimed = await inTransaction(db, ({ jobs }) => jobs.claim(100, at(3600), 60_000));
  return claimed.map((job) => ({ kind: job.kind, payload: job.payload })).sort((a, b) => a.kind.localeCompare(b.kind));
}

const decisionsOf = async (db: ContractDb, chatId: ChatId) =>
  (await inTransaction(db, ({ chats }) => chats.routingDecisionsOf(chatId))).map((d) => ({ ...d }));

const chatsOf = (db: ContractDb) => inTransaction(db, ({ chats }) => chats.list({}, { after: undefined, limit: 50 }));

async function storesFirstMessage(open: OpenContractDb): Promise<void> {
  const { db, channel, store, announced, draft } = await given(open);
  const arrival = draft(withPhoto(anInbound('m-1', '42')));
  const [outcome] = await store.store([arrival]);
  expect(outcome).toEqual({ messageId: arrival.message.id, chatId: arrival.chatId, duplicate: false });
  const [chat] = await chatsOf(db);
  expect(chat).toMatchObject({ id: arrival.chatId, contactId: arrival.contact.id, queueId: channel.queueId, status: 'new', unreadCount: 1, lastMessageAt: arrival.message.createdAt });
  const contact = await inTransaction(db, ({ contacts }) => contacts.findByIdentity({ provider: channel.provider, channelId: channel.id, externalId: '42' }));
  expect(contact).toMatchObject({ id: arrival.contact.id, name: 'New Contact Support bot-42', hasFallbackName: true });
  const [message] = await inTransaction(db, ({ messages }) => messages.history([arrival.chatId], { after: undefined, limit: 10 }));
  expect(message).toMatchObject({ id: arrival.message.id, direction: 'incoming', text: 'hello m-1', idempotencyKey: 'm-1', senderExternalId: '42', status: null });
  const attachments = await inTransaction(db, ({ messages }) => messages.attachmentsOf([arrival.message.id]));
  expect(attachments).toMatchObject([{ id: arrival.attachments[0]!.id, type: 'image', sourceRef: 'file-1', downloadState: 'pending' }]);
  expect(await jobsOf(db)).toEqual([
    { kind: DOWNLOAD_ATTACHMENT, payload: { attachmentId: arrival.attachments[0]!.id, channelId: channel.id } },
    { kind: ENRICH_CONTACT, payload: { contactId: arrival.contact.id, channelId: channel.id, senderExternalId: '42', namesKnown: false } },
  ]);
  expect(await decisionsOf(db, arrival.chatId)).toEqual([{ ...arrival.manualWait }]);
  expect(announced).toEqual([
    { type: 'chat.created', chatId: arrival.chatId, channelId: channel.id, queueId: channel.queueId, contactId: arrival.contact.id },
    { type: 'message.received', chatId: arrival.chatId, messageId: arrival.message.id },
  ]);
}

async function storesKeysOnce(open: OpenContractDb): Promise<void> {
  const { db, store, announced, draft } = await given(open);
  const [first, repeat] = [draft(anInbound('m-1', '42')), draft({ ...anInbound('m-1', '42'), text: 'a copy' })];
  const outcomes = await store.store([first, repeat]);
  expect(outcomes).toEqual([
    { messageId: first.message.id, chatId: first.chatId, duplicate: false },
    { messageId: first.message.id, chatId: first.chatId, duplicate: true },
  ]);
  const before = { events: announced.length, jobs: await db.count('job') };
  const redelivered = draft(withPhoto({ ...anInbound('m-1', '42'), text: 'again' }));
  expect(await store.store([redelivered])).toEqual([{ messageId: first.message.id, chatId: first.chatId, duplicate: true }]);
  expect({ events: announced.length, jobs: await db.count('job') }).toEqual(before);
  expect([await db.count('message'), await db.count('attachment'), await db.count('contact'), await db.count('chat')]).toEqual([1, 0, 1, 1]);
  expect(await chatsOf(db)).toMatchObject([{ unreadCount: 1 }]);
}

async function sharesContactAndChat(open: OpenContractDb): Promise<void> {
  const { db, store, announced, draft } = await given(open);
  const arrivals = [draft(anInbound('m-1', '42', at(1))), draft(anInbound('m-2', '7')), draft(anInbound('m-3', '42', at(2)))];
  db.clock.set(at(60));
  arrivals.push(draft(anInbound('m-4', '42')));
  const outcomes = await store.store(arrivals);
  expect(outcomes.map((o) => o.duplicate)).toEqual([false, false, false, false]);
  expect(outcomes.map((o) => o.chatId)).toEqual([arrivals[0]!.chatId, arrivals[1]!.chatId, arrivals[0]!.chatId, arrivals[0]!.chatId]);
  expect([await db.count('contact'), await db.count('contact_identity'), await db.count('chat'), await db.count('message')]).toEqual([2, 2, 2, 4]);
  const chats = await chatsOf(db);
  expect(chats.map((c) => [c.id, c.unreadCount, c.lastMessageAt])).toEqual([[arrivals[0]!.chatId, 3, at(60)], [arrivals[1]!.chatId, 1, arrivals[1]!.message.createdAt]]);
  expect(announced.map((e) => e.type)).toEqual(['chat.created', 'message.received', 'chat.created', 'message.received', 'message.received', 'message.received']);
  expect((await jobsOf(db)).map((j) => j.kind)).toEqual([ENRICH_CONTACT, ENRICH_CONTACT]);
  expect((await decisionsOf(db, arrivals[0]!.chatId)).map((d) => d.id)).toEqual([arrivals[0]!.manualWait.id]);
}

async function routesOnlyAutomaticQueues(open: OpenContractDb): Promise<void> {
  const { db, channel, store, draft } = await given(open, 'auto');
  const [first, second] = [draft(anInbound('m-1', '42')), draft(anInbound('m-2', '42'))];
  await store.store([first!]);
  await store.store([second!]);
  const manual = await seedChannel(db, { routing: 'manual', source: 'bot-2' });
  const elsewhere = draftArrival({ clock: db.clock, ids: uuidIds, providers: PROFILES_AND_FILES }, manual, anInbound('m-3', '42'));
  await store.store([elsewhere]);
  expect((await jobsOf(db)).filter((j) => j.kind === ROUTE_CHAT)).toEqual([{ kind: ROUTE_CHAT, payload: { chatId: first!.chatId, queueId: channel.queueId } }]);
  expect(await decisionsOf(db, first!.chatId)).toEqual([]);
  expect(await decisionsOf(db, elsewhere.chatId)).toEqual([{ ...elsewhere.manualWait }]);
}

async function learnsNames(open: OpenContractDb): Promise<void> {
  const { db, channel, store, draft } = await given(open);
  await store.store([draft(anInbound('m-1', '42')), draft({ ...anInbound('m-2', '7'), sender: { externalId: '7', profile: { firstName: 'Grace' } } })]);
  await store.store([
    draft({ ...anInbound('m-3', '42'), sender: { externalId: '42', profile: { firstName: 'Ada', lastName: 'Lovelace', language: 'en' } } }),
    draft({ ...anInbound('m-4', '7'), sender: { externalId: '7', profile: { firstName: 'Someone' } } }),
  ]);
  const contactOf = (externalId: string) => inTransaction(db, ({ contacts }) => contacts.findByIdentity({ provider: channel.provider, channelId: channel.id, externalId }));
  expect(await contactOf('42')).toMatchObject({ name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', language: 'en', hasFallbackName: false });
  expect(await contactOf('7')).toMatchObject({ name: 'Grace', firstName: 'Grace', hasFallbackName: false });
}

async function addsToOpenChat(open: OpenContractDb): Promise<void> {
  const { db, channel, store, announced, draft } = await given(open);
  const opening = draft(anInbound('m-1', '42'));
  const [first] = await store.store([opening]);
  db.clock.set(at(30));
  // A messenger whose files are not fetched: the attachment is still stored, with no job to download it.
  const notFetched = draftArrival({ clock: db.clock, ids: uuidIds, providers: { find: () => undefined } }, channel, withPhoto(anInbound('m-4', '42')));
  const [text, photo] = [draft(anInbound('m-2', '42')), draft(withPhoto(anInbound('m-3', '42')))];
  for (const arrival of [text, photo, notFetched]) {
    expect(await store.store([arrival])).toEqual([{ messageId: arrival.message.id, chatId: first!.chatId, duplicate: false }]);
  }
  expect(await chatsOf(db)).toMatchObject([{ id: first!.chatId, unreadCount: 4, lastMessageAt: at(30) }]);
  const history = await inTransaction(db, ({ messages }) => messages.history([first!.chatId], { after: undefined, limit: 10 }));
  expect(history.map((m) => m.idempotencyKey).sort()).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
  const attachmentsOf = (arrival: typeof photo) => inTransaction(db, ({ messages }) => messages.attachmentsOf([arrival.message.id]));
  expect(await attachmentsOf(photo)).toMatchObject([{ id: photo.attachments[0]!.id, sourceRef: 'file-1', downloadState: 'pending' }]);
  expect(await attachmentsOf(notFetched)).toMatchObject([{ id: notFetched.attachments[0]!.id, sourceRef: 'file-1' }]);
  expect(await jobsOf(db)).toEqual([
    { kind: DOWNLOAD_ATTACHMENT, payload: { attachmentId: photo.attachments[0]!.id, channelId: channel.id } },
    { kind: ENRICH_CONTACT, payload: expect.objectContaining({ contactId: opening.contact.id, senderExternalId: '42' }) },
  ]);
  expect(announced.slice(2)).toEqual([text, photo, notFetched].map((arrival) => ({ type: 'message.received', chatId: first!.chatId, messageId: arrival.message.id })));
  expect([await db.count('contact'), await db.count('chat'), await db.count('message'), await db.count('attachment')]).toEqual([1, 1, 4, 2]);
}

async function opensAfterCompletion(open: OpenContractDb): Promise<void> {
  const { db, store, draft } = await given(open);
  db.clock.set(at(100));
  const [first] = await store.store([draft(anInbound('m-1', '42'))]);
  db.clock.set(at(50));
  await store.store([draft(anInbound('m-2', '42'))]);
  expect(await chatsOf(db)).toMatchObject([{ id: first!.chatId, unreadCount: 2, lastMessageAt: at(100) }]);
  await inTransaction(db, async ({ chats }) => {
    const chat = await chats.get(first!.chatId);
    chat.status = 'completed';
    await chats.save(chat);
  });
  const [next] = await store.store([draft(anInbound('m-3', '42'))]);
  expect(next!.chatId).not.toBe(first!.chatId);
  expect((await chatsOf(db)).map((c) => [c.id, c.status])).toEqual([[first!.chatId, 'completed'], [next!.chatId, 'new']]);
}

