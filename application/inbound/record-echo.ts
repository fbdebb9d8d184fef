import { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';
import { Chat } from '../../domain/chat.ts';
import { Contact, fallbackContactName } from '../../domain/contact.ts';
import type { ChatId, MessageId } from '../../domain/ids.ts';
import { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import { settleOutgoing } from '../messages/outgoing-queue.ts';
import type { Stores } from '../ports/transaction.ts';
import type { InboundEcho } from './inbound-event.ts';

type EchoDeps = Pick<Deps, 'transaction' | 'clock' | 'ids' | 'events'>;

/**
 * A message the account sent, echoed by the messenger. Ours (named by our metadata, or already
 * carrying its id) is matched, never doubled; one sent from elsewhere is stored once as outgoing.
 */
export async function recordEcho(deps: EchoDeps, channel: Channel, echo: InboundEcho): Promise<void> {
  // Ours is looked up first for its chat, whose outgoing queue the match below holds.
  const ours = echo.ourMessageId === undefined ? undefined : await deps.transaction.read(({ messages }) => messages.find(echo.ourMessageId as MessageId));
  const stored = await deps.transaction.run(async (stores) => {
    if (ours && ours.channelId === channel.id && await matchOurs(stores, echo, ours.chatId)) return undefined;
    if (await stores.messages.findByExternalId(channel.id, echo.externalId)) return undefined;
    return storeForeign(deps, stores, channel, echo);
  });
  if (stored) await deps.events.publish({ type: 'message.received', chatId: stored.chatId, messageId: stored.id });
}

/**
 * Our message, marked sent with the messenger's id. An echo that comes before its delivery job recorded the
 * answer takes it out of the queue, and so passes the queue on itself (settleOutgoing).
 */
async function matchOurs(stores: Stores, echo: InboundEcho, chatId: ChatId): Promise<boolean> {
  const settled = await settleOutgoing(stores, chatId, echo.ourMessageId as MessageId, (ours) => {
    ours.externalId ??= echo.externalId;
    ours.advanceStatus('sent');
  });
  return settled !== undefined;
}

async function storeForeign(deps: EchoDeps, stores: Stores, channel: Channel, echo: InboundEcho): Promise<Message | undefined> {
  const now = deps.clock.now();
  const { contact } = await stores.contacts.findOrCreateByIdentity(
    { provider: channel.provider, channelId: channel.id, externalId: echo.contactExternalId },
    () => ({ contact: new Contact(deps.ids.next(), fallbackContactName(channel.name, echo.contactExternalId), now, true), identityId: deps.ids.next() }),
  );
  const { chat } = await stores.chats.findOpenOrOpen(channel.id, contact.id, () =>
    new Chat({ id: deps.ids.next(), channelId: channel.id, contactId: contact.id, queueId: channel.queueId, createdAt: now }));
  const message = new Message({
    id: deps.ids.next(), chatId: chat.id, channelId: channel.id, direction: 'outgoing', type: echo.type, text: echo.text,
    externalId: echo.externalId, idempotencyKey: echo.externalId, senderExternalId: null, sentAt: echo.sentAt, createdAt: now,
  });
  message.advanceStatus('sent');
  message.metadata = echo.metadata ?? null;
  const attachments = echo.attachments.map((a) => new Attachment({ id: deps.ids.next(), messageId: message.id, ...a }));
  const result = await stores.messages.insertIfAbsent(message, attachments);
  if (!result.created) return undefined;
  await stores.chats.recordOutgoing(chat.id, now);
  return result.message;
}
