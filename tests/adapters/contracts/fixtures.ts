import type { InboundMessage } from '../../../application/inbound/inbound-message.ts';
import type { Stores } from '../../../application/ports/transaction.ts';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import { Agent, type AgentRole } from '../../../domain/agent.ts';
import { Attachment } from '../../../domain/attachment.ts';
import { Channel } from '../../../domain/channel.ts';
import { Chat } from '../../../domain/chat.ts';
import { Contact, type ContactIdentity } from '../../../domain/contact.ts';
import type { QueueId } from '../../../domain/ids.ts';
import { Message } from '../../../domain/message.ts';
import { Queue, type RoutingRule } from '../../../domain/queue.ts';
import { T0, type ContractDb } from './harness.ts';

/** A queue, not stored. */
export const aQueue = (name = 'First line', routing: RoutingRule = 'manual'): Queue => new Queue({ id: uuidIds.next(), name, routing, createdAt: T0 });

/** A channel in a queue, not stored. */
export const aChannel = (queueId: QueueId, init: { provider?: string; source?: string } = {}): Channel => new Channel({
  id: uuidIds.next(), name: 'Support bot', provider: init.provider ?? 'telegram', source: init.source ?? 'bot-1',
  queueId, settings: { botToken: '123:abc', secretToken: 's3cret' }, createdAt: T0,
});

/** An agent, not stored. */
export const anAgent = (name = 'Ada', role: AgentRole = 'agent'): Agent => new Agent({ id: uuidIds.next(), name, role, capacity: 3, createdAt: T0 });

/** Stores a queue and an active channel in it. */
export async function seedChannel(db: ContractDb, init: { provider?: string; source?: string; routing?: RoutingRule } = {}): Promise<Channel> {
  const queue = aQueue('First line', init.routing);
  const channel = aChannel(queue.id, init);
  await db.transaction.run(async ({ queues, channels }) => {
    await queues.save(queue);
    await channels.save(channel);
  });
  return channel;
}

/** The contact of a sender on a channel, created on first use. */
export async function seedContact(db: ContractDb, channel: Channel, externalId: string): Promise<Contact> {
  return db.transaction.run(async ({ contacts }) => (await contacts.findOrCreateByIdentity(
    { provider: channel.provider, channelId: channel.id, externalId }, () => newContact(externalId))).contact);
}

/** What `findOrCreateByIdentity` needs to create a contact. */
export const newContact = (externalId: string): { contact: Contact; identityId: ContactIdentity['id'] } =>
  ({ contact: new Contact(uuidIds.next(), `New Contact Support bot-${externalId}`, T0, true), identityId: uuidIds.next() });

/** A new chat of a contact on a channel, not stored. */
export const aChat = (channel: Channel, contact: Contact): Chat =>
  new Chat({ id: uuidIds.next(), channelId: channel.id, contactId: contact.id, queueId: channel.queueId, createdAt: T0 });

/** The open chat of a contact (opened if needed). */
export async function seedChat(db: ContractDb, channel: Channel, externalId: string): Promise<Chat> {
  const contact = await seedContact(db, channel, externalId);
  return db.transaction.run(async ({ chats }) => (await chats.findOpenOrOpen(channel.id, contact.id, () => aChat(channel, contact))).chat);
}

/** An incoming text message of a chat, not stored. */
export const anIncoming = (chat: Chat, key: string | null, sentAt: Date = T0): Message => new Message({
  id: uuidIds.next(), chatId: chat.id, channelId: chat.channelId, direction: 'incoming', type: 'text', text: `text of ${key}`,
  externalId: key, idempotencyKey: key, senderExternalId: '42', sentAt, createdAt: T0,
});

/** A photo attachment of a message, not stored. */
export const aPhoto = (message: Message, sourceRef = 'https://cdn.example/p.jpg'): Attachment =>
  new Attachment({ id: uuidIds.next(), messageId: message.id, type: 'image', sourceRef, fileName: 'p.jpg', fileSize: 3_000_000_000 });

/** A webhook's message in the unified shape. */
export const anInbound = (key: string, sender: string, sentAt: Date = T0): InboundMessage => ({
  idempotencyKey: key, externalId: key, sender: { externalId: sender }, type: 'text', text: `hello ${key}`, sentAt, attachments: [],
});

/** Runs one unit of work. */
export const inTransaction = <T>(db: ContractDb, work: (stores: Stores) => Promise<T>): Promise<T> => db.transaction.run(work);
