import { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';
import { Chat } from '../../domain/chat.ts';
import { Contact, fallbackContactName, nameFromProfile } from '../../domain/contact.ts';
import { DomainError } from '../../domain/errors.ts';
import { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import type { SwitchboardEvent } from '../ports/events.ts';
import type { Stores } from '../ports/transaction.ts';
import { ENRICH_CONTACT, DOWNLOAD_ATTACHMENT } from '../jobs/kinds.ts';
import type { InboundMessage } from './inbound-message.ts';

/** What receiving one message came to. */
export interface ReceiveResult {
  readonly message: Message;
  readonly duplicate: boolean;
}

type ReceiveDeps = Pick<Deps, 'transaction' | 'clock' | 'ids' | 'events' | 'providers'>;

/**
 * Stores one incoming message with its contact and chat [Creatio's InternalReceive], in one
 * transaction, idempotently: a redelivery returns the stored message and changes nothing.
 */
export async function receiveInboundMessage(deps: ReceiveDeps, channel: Channel, inbound: InboundMessage): Promise<ReceiveResult> {
  if (!channel.isActive) throw new DomainError('not_found', 'CHANNEL_NOT_FOUND', `channel ${channel.id} is not active`);
  const events: SwitchboardEvent[] = [];
  const result = await deps.transaction.run((stores) => storeInbound(deps, stores, channel, inbound, events));
  for (const event of events) await deps.events.publish(event);
  return result;
}

async function storeInbound(deps: ReceiveDeps, stores: Stores, channel: Channel, inbound: InboundMessage, events: SwitchboardEvent[]): Promise<ReceiveResult> {
  const known = await stores.messages.findByIdempotencyKey(channel.id, inbound.idempotencyKey);
  if (known) return { message: known, duplicate: true };
  const { contact, created: newContact } = await stores.contacts.findOrCreateByIdentity(
    { provider: channel.provider, channelId: channel.id, externalId: inbound.sender.externalId },
    () => ({ contact: newContactFor(deps, channel, inbound), identityId: deps.ids.next() }),
  );
  if (!newContact) await learnName(stores, contact, inbound);
  const { chat, created: newChat } = await stores.chats.findOpenOrOpen(channel.id, contact.id, () =>
    new Chat({ id: deps.ids.next(), channelId: channel.id, contactId: contact.id, queueId: channel.queueId, createdAt: deps.clock.now() }));
  const message = newIncomingMessage(deps, channel, chat, inbound);
  const attachments = inbound.attachments.map((a) => new Attachment({ id: deps.ids.next(), messageId: message.id, ...a }));
  const stored = await stores.messages.insertIfAbsent(message, attachments);
  if (!stored.created) return { message: stored.message, duplicate: true };
  // Arrival time, not the sender's clock: a skewed or hostile timestamp must not pin a chat to the top.
  await stores.chats.recordIncoming(chat.id, message.createdAt);
  await enqueueFollowUps(deps, stores, channel, inbound, { contact, newContact, attachments });
  if (newChat) events.push({ type: 'chat.created', chatId: chat.id, channelId: channel.id, queueId: chat.queueId, contactId: contact.id });
  events.push({ type: 'message.received', chatId: chat.id, messageId: message.id });
  return { message: stored.message, duplicate: false };
}

/** A contact still under its fallback name takes the first name a later message brings (WhatsApp's contacts[]). */
async function learnName(stores: Stores, contact: Contact, inbound: InboundMessage): Promise<void> {
  const profile = inbound.sender.profile;
  if (!contact.hasFallbackName || !nameFromProfile(profile)) return;
  contact.applyProfile(profile!);
  await stores.contacts.save(contact);
}

function newContactFor(deps: ReceiveDeps, channel: Channel, inbound: InboundMessage): Contact {
  const profile = inbound.sender.profile;
  const known = nameFromProfile(profile);
  const name = known ?? fallbackContactName(channel.name, inbound.sender.externalId);
  const contact = new Contact(deps.ids.next(), name, deps.clock.now(), known === undefined);
  if (profile) contact.applyProfile(profile);
  return contact;
}

function newIncomingMessage(deps: ReceiveDeps, channel: Channel, chat: Chat, inbound: InboundMessage): Message {
  const message = new Message({
    id: deps.ids.next(), chatId: chat.id, channelId: channel.id, direction: 'incoming', type: inbound.type,
    text: inbound.text, externalId: inbound.externalId, idempotencyKey: inbound.idempotencyKey,
    senderExternalId: inbound.sender.externalId, sentAt: inbound.sentAt, createdAt: deps.clock.now(),
  });
  message.metadata = inbound.metadata ?? null;
  return message;
}

async function enqueueFollowUps(
  deps: ReceiveDeps, stores: Stores, channel: Channel, inbound: InboundMessage,
  found: { contact: Contact; newContact: boolean; attachments: readonly Attachment[] },
): Promise<void> {
  const provider = deps.providers.find(channel.provider);
  if (found.newContact && provider?.profiles) {
    await stores.jobs.enqueue({ kind: ENRICH_CONTACT, payload: { contactId: found.contact.id, channelId: channel.id, senderExternalId: inbound.sender.externalId } });
  }
  if (!provider?.attachments) return;
  for (const attachment of found.attachments) {
    await stores.jobs.enqueue({ kind: DOWNLOAD_ATTACHMENT, payload: { attachmentId: attachment.id, channelId: channel.id } });
  }
}
