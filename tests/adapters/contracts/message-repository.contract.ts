import { expect, it } from 'vitest';
import { Attachment } from '../../../domain/attachment.ts';
import type { AttachmentId, ChannelId, FileId, MessageId } from '../../../domain/ids.ts';
import { Message } from '../../../domain/message.ts';
import { aPhoto, anIncoming, inTransaction, seedChannel, seedChat } from './fixtures.ts';
import { type OpenContractDb } from './harness.ts';
import { messageHistoryContract } from './message-history.contract.ts';
import { messageLookupsContract } from './message-lookups.contract.ts';

/** MessageRepository: one message per (channel, idempotency key), attachments, delivery updates, history. */
export function messageRepositoryContract(open: OpenContractDb): void {
  it('stores a message with its attachments once per idempotency key', () => storesOncePerKey(open));
  it('stores one of concurrent deliveries of a message, and every caller gets it', () => storesOneOfConcurrentDeliveries(open));
  it('stores messages without an idempotency key every time', () => storesKeylessMessages(open));
  it('saves delivery status and attachment downloads made in a later transaction', () => savesLaterUpdates(open));
  it('reports unknown messages and attachments', () => reportsUnknownMessages(open));
  messageHistoryContract(open);
  messageLookupsContract(open);
}

async function storesOncePerKey(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const message = anIncoming(chat, 'm-1');
  const photo = aPhoto(message);
  const first = await inTransaction(db, ({ messages }) => messages.insertIfAbsent(message, [photo]));
  const redelivery = anIncoming(chat, 'm-1');
  const second = await inTransaction(db, ({ messages }) => messages.insertIfAbsent(redelivery, [aPhoto(redelivery)]));
  expect(first.created).toBe(true);
  expect(second.created).toBe(false);
  expect(second.message).toBeInstanceOf(Message);
  expect(second.message).toEqual(message);
  expect(await inTransaction(db, ({ messages }) => messages.findByIdempotencyKey(chat.channelId, 'm-1'))).toEqual(message);
  const attachments = await inTransaction(db, ({ messages }) => messages.attachmentsOf([message.id, redelivery.id]));
  expect(attachments).toEqual([photo]);
  expect(attachments[0]).toBeInstanceOf(Attachment);
}

async function storesOneOfConcurrentDeliveries(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const results = await Promise.all(Array.from({ length: 5 }, () => {
    const message = anIncoming(chat, 'm-race');
    return inTransaction(db, ({ messages }) => messages.insertIfAbsent(message, [aPhoto(message)]));
  }));
  expect(results.filter((r) => r.created)).toHaveLength(1);
  expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
  expect(await db.count('message')).toBe(1);
  expect(await db.count('attachment')).toBe(1);
}

async function storesKeylessMessages(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  await inTransaction(db, async ({ messages }) => {
    expect((await messages.insertIfAbsent(anIncoming(chat, null), [])).created).toBe(true);
    expect((await messages.insertIfAbsent(anIncoming(chat, null), [])).created).toBe(true);
  });
  expect(await db.count('message')).toBe(2);
}

async function savesLaterUpdates(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const outgoing = new Message({ ...anIncoming(chat, 'out-1'), direction: 'outgoing', agentId: null });
  const photo = aPhoto(outgoing);
  await inTransaction(db, ({ messages }) => messages.insertIfAbsent(outgoing, [photo]));
  outgoing.advanceStatus('sent');
  outgoing.externalId = 'provider-77';
  photo.stored({ fileId: 'file-1' as FileId, mimeType: 'image/jpeg', fileSize: 1234 });
  await inTransaction(db, async ({ messages }) => {
    await messages.save(outgoing);
    await messages.saveAttachment(photo);
  });
  expect(await inTransaction(db, ({ messages }) => messages.get(outgoing.id))).toMatchObject({ status: 'sent', externalId: 'provider-77' });
  expect(await inTransaction(db, ({ messages }) => messages.getAttachment(photo.id)))
    .toMatchObject({ fileId: 'file-1', downloadState: 'done', fileSize: 1234, mimeType: 'image/jpeg' });
}

async function reportsUnknownMessages(open: OpenContractDb): Promise<void> {
  const db = await open();
  const chat = await seedChat(db, await seedChannel(db), '42');
  const unknown = anIncoming(chat, 'never-stored');
  await inTransaction(db, async ({ messages }) => {
    expect(await messages.find(unknown.id)).toBeUndefined();
    expect(await messages.find('m-1' as MessageId)).toBeUndefined();
    expect(await messages.findByIdempotencyKey('ch-1' as ChannelId, 'm-1')).toBeUndefined();
    await expect(messages.get(unknown.id)).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
    await expect(messages.getAttachment('a-1' as AttachmentId)).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
    expect(await messages.attachmentsOf([])).toEqual([]);
  });
}
