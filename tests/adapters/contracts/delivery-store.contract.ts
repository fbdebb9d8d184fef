import { expect, it } from 'vitest';
import type { Deps } from '../../../application/deps.ts';
import { DELIVER_MESSAGE } from '../../../application/jobs/kinds.ts';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import { recordEcho } from '../../../application/inbound/record-echo.ts';
import { sendMessage } from '../../../application/messages/send-message.ts';
import type { Viewer } from '../../../application/viewer.ts';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import type { MessageId } from '../../../domain/ids.ts';
import { Message } from '../../../domain/message.ts';
import { createMemoryFileStorage } from '../../support/memory-file-storage.ts';
import { anIncoming, aPhoto, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

const ADMIN: Viewer = { agentId: null, role: 'admin', queueIds: [] };

/** A chat of customer 42 with this target's delivery store, the events it announced, and a way to queue sends. */
async function chatWithDeliveries(open: OpenContractDb) {
  const db = await open();
  const channel = await seedChannel(db);
  const chat = await seedChat(db, channel, '42');
  const announced: SwitchboardEvent[] = [];
  const deliveries = db.deliveries({ publish: async (event) => void announced.push(event) });
  const deps: Deps = {
    transaction: db.transaction, arrivals: db.arrivals({ publish: async () => {} }), deliveries, clock: db.clock, ids: uuidIds,
    events: { publish: async () => {} }, files: createMemoryFileStorage(uuidIds), limits: { maxAttachmentBytes: 1024 },
    providers: { find: () => undefined },
  };
  // The `queued` events of sends are the enqueue test's: each other test sees only what its records announce.
  const send = async (text: string) => {
    const { message } = await sendMessage(deps, ADMIN, { chatId: chat.id, text });
    announced.splice(0);
    return message;
  };
  const echo = (ourMessageId: MessageId, externalId: string) => recordEcho(deps, channel, {
    externalId, ourMessageId, contactExternalId: '42', type: 'text', text: 'echoed', sentAt: at(90), attachments: [],
  });
  return { db, channel, chat, deliveries, announced, send, echo };
}

const stored = (db: ContractDb, id: MessageId) => inTransaction(db, ({ messages }) => messages.get(id));

/** The messages the pending delivery jobs are for. */
async function deliveryJobsFor(db: ContractDb): Promise<unknown[]> {
  const claimed = await db.transaction.autocommit(({ jobs }) => jobs.claim(100, at(3600), 60_000));
  return claimed.filter((job) => job.kind === DELIVER_MESSAGE).map((job) => job.payload.messageId);
}

/** DeliveryStore: the queued message with its recipient; an outcome recorded with the queue passed on, once. */
export function deliveryStoreContract(open: OpenContractDb): void {
  it('queues a message: stored with its attachments, logged, the chat moved, its delivery started only when first in line', async () => {
    const { db, chat, deliveries, announced } = await chatWithDeliveries(open);
    const build = (text: string, sentAt: Date, withPhoto = false) => () => {
      const message = new Message({
        id: uuidIds.next(), chatId: chat.id, channelId: chat.channelId, direction: 'outgoing', type: 'text', text,
        externalId: null, idempotencyKey: null, senderExternalId: null, sentAt, createdAt: sentAt,
      });
      return { message, attachments: withPhoto ? [aPhoto(message)] : [] };
    };
    const first = await deliveries.enqueue(chat.id, null, build('one', at(60), true));
    const second = await deliveries.enqueue(chat.id, null, build('two', at(61)));
    expect([first.created, second.created]).toEqual([true, true]);
    expect(first.attachments).toMatchObject([{ messageId: first.message.id, type: 'image' }]);
    expect(await inTransaction(db, ({ messages }) => messages.attachmentsOf([first.message.id]))).toEqual(first.attachments.map((a) => ({ ...a })));
    expect(await stored(db, second.message.id)).toMatchObject({ status: 'queued', text: 'two', direction: 'outgoing' });
    expect(announced).toEqual([first, second].map(({ message }) => ({ type: 'message.status_changed', chatId: chat.id, messageId: message.id, status: 'queued' })));
    expect(await deliveryJobsFor(db)).toEqual([first.message.id]);
    expect((await inTransaction(db, ({ chats }) => chats.get(chat.id))).lastMessageAt).toEqual(at(61));
  });

  it('returns the message stored under a key, changing nothing, and refuses a new message to a completed chat', async () => {
    const { db, chat, deliveries, announced } = await chatWithDeliveries(open);
    const build = () => ({ message: new Message({
      id: uuidIds.next(), chatId: chat.id, channelId: chat.channelId, direction: 'outgoing', type: 'text', text: 'keyed',
      externalId: null, idempotencyKey: 'client:k', senderExternalId: null, sentAt: at(60), createdAt: at(60),
    }), attachments: [] });
    const first = await deliveries.enqueue(chat.id, 'client:k', build);
    announced.splice(0);
    const again = await deliveries.enqueue(chat.id, 'client:k', build);
    expect(again).toMatchObject({ created: false, message: { id: first.message.id, text: 'keyed', status: 'queued' }, attachments: [] });
    expect(announced).toEqual([]);
    expect(await db.count('message')).toBe(1);
    await inTransaction(db, async ({ chats }) => {
      const open = await chats.get(chat.id);
      open.complete(at(70));
      await chats.save(open);
    });
    expect((await deliveries.enqueue(chat.id, 'client:k', build)).message.id).toBe(first.message.id);
    await expect(deliveries.enqueue(chat.id, 'client:other', build)).rejects.toMatchObject({ code: 'CHAT_COMPLETED' });
    await expect(deliveries.enqueue(chat.id, null, build)).rejects.toMatchObject({ code: 'CHAT_COMPLETED' });
    expect(await db.count('message')).toBe(1);
  });

  it('reads a queued message with its recipient and attachments, and nothing once it left the queue', async () => {
    const { db, chat, deliveries, send } = await chatWithDeliveries(open);
    const message = await send('Hello');
    expect(await deliveries.pending(message.id)).toMatchObject({ message: { id: message.id, chatId: chat.id, text: 'Hello', status: 'queued' }, recipientId: '42', attachments: [] });
    await deliveries.record(message, { kind: 'sent', externalId: 'ext-1' });
    expect(await deliveries.pending(message.id)).toBeUndefined();
    expect(await deliveries.pending(uuidIds.next())).toBeUndefined();
    expect(await deliveries.pending('not-a-uuid' as MessageId)).toBeUndefined();
    await expect(deliveries.record({ id: uuidIds.next(), chatId: chat.id }, { kind: 'sent', externalId: 'none' })).resolves.toBeUndefined();
    expect(await stored(db, message.id)).toMatchObject({ status: 'sent', externalId: 'ext-1', error: null });
  });

  it('answers whoever of a merged contact\'s two identities on the channel wrote in the chat last', async () => {
    const { db, channel, chat, deliveries, send } = await chatWithDeliveries(open);
    await inTransaction(db, async ({ contacts, messages }) => {
      const contact = await contacts.get(chat.contactId);
      await contacts.findOrCreateByIdentity({ provider: channel.provider, channelId: channel.id, externalId: '7' }, () => ({ contact, identityId: uuidIds.next() }));
      const fromSeven = new Message({ ...anIncoming(chat, 'from-7', at(5)), senderExternalId: '7' });
      await messages.insertIfAbsent(anIncoming(chat, 'from-42', at(1)), []);
      await messages.insertIfAbsent(fromSeven, []);
    });
    const message = await send('Hello again');
    expect((await deliveries.pending(message.id))?.recipientId).toBe('7');
  });

  it('records sent, logs the move once, and starts the delivery of the chat\'s next queued message', async () => {
    const { db, chat, deliveries, announced, send } = await chatWithDeliveries(open);
    const first = await send('one');
    const second = await send('two');
    await deliveryJobsFor(db);
    await deliveries.record(first, { kind: 'sent', externalId: 'ext-1' });
    expect(announced).toEqual([{ type: 'message.status_changed', chatId: chat.id, messageId: first.id, status: 'sent' }]);
    expect(await deliveryJobsFor(db)).toEqual([second.id]);
    await deliveries.record(first, { kind: 'sent', externalId: 'ext-other' });
    expect(await stored(db, first.id)).toMatchObject({ status: 'sent', externalId: 'ext-1' });
    expect(announced).toHaveLength(1);
  });

  it('keeps the id an echo stored, logs nothing, and leaves the queue to the echo that took the message out of it', async () => {
    const { db, deliveries, announced, send, echo } = await chatWithDeliveries(open);
    const message = await send('echoed');
    const next = await send('next');
    await deliveryJobsFor(db);
    await echo(message.id, 'from-echo');
    expect(await deliveryJobsFor(db)).toEqual([next.id]);
    await deliveries.record(message, { kind: 'sent', externalId: 'from-answer' });
    expect(await stored(db, message.id)).toMatchObject({ status: 'sent', externalId: 'from-echo' });
    expect(announced).toEqual([]);
    expect(await deliveryJobsFor(db)).toEqual([]);
  });

  it('records failed with the reason, goes on with the next message, and never moves a failed message again', async () => {
    const { db, chat, deliveries, announced, send } = await chatWithDeliveries(open);
    const first = await send('one');
    const second = await send('two');
    await deliveryJobsFor(db);
    await deliveries.record(first, { kind: 'failed', reason: 'HTTP 403 bot was blocked' });
    expect(await stored(db, first.id)).toMatchObject({ status: 'failed', error: 'HTTP 403 bot was blocked', externalId: null });
    expect(await deliveryJobsFor(db)).toEqual([second.id]);
    await deliveries.record(first, { kind: 'sent', externalId: 'late' });
    await deliveries.record(first, { kind: 'failed', reason: 'again' });
    expect(await stored(db, first.id)).toMatchObject({ status: 'failed', error: 'HTTP 403 bot was blocked' });
    expect(announced).toEqual([{ type: 'message.status_changed', chatId: chat.id, messageId: first.id, status: 'failed' }]);
  });

  it('starts no delivery when nothing else is queued in the chat', async () => {
    const { db, deliveries, send } = await chatWithDeliveries(open);
    const message = await send('alone');
    await deliveryJobsFor(db);
    await deliveries.record(message, { kind: 'sent', externalId: 'ext-1' });
    expect(await deliveryJobsFor(db)).toEqual([]);
  });
}

