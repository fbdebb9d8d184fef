import type { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';
import type { ContactIdentity } from '../../domain/contact.ts';
import type { ChatId, MessageId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import type { OutboundRequest } from '../ports/outbound-sender.ts';
import type { Stores } from '../ports/transaction.ts';

/** What delivering a queued message needs from the database. */
export interface PendingDelivery {
  readonly message: Message;
  readonly channel: Channel;
  /** The contact's id on the messenger, or undefined when the contact has none on this channel. */
  readonly recipientId: string | undefined;
  readonly attachments: readonly Attachment[];
}

/** The message with what its delivery needs, or undefined when it is no longer `queued` (or gone). */
export async function loadPendingDelivery(stores: Stores, messageId: MessageId): Promise<PendingDelivery | undefined> {
  const message = await stores.messages.find(messageId);
  if (!message || message.status !== 'queued') return undefined;
  const chat = await stores.chats.get(message.chatId);
  const channel = await stores.channels.get(message.channelId);
  const identities = (await stores.contacts.identitiesOf([chat.contactId])).filter((i) => i.channelId === channel.id);
  const recipientId = await recipientOf(stores, chat.id, identities);
  return { message, channel, recipientId, attachments: await stores.messages.attachmentsOf([message.id]) };
}

// A merged contact can have two identities on one channel: the one who wrote in this chat is the one to answer.
async function recipientOf(stores: Stores, chatId: ChatId, identities: readonly ContactIdentity[]): Promise<string | undefined> {
  if (identities.length <= 1) return identities[0]?.externalId;
  const recent = await stores.messages.history([chatId], { after: undefined, limit: 50 });
  const writer = recent.find((m) => m.direction === 'incoming' && identities.some((i) => i.externalId === m.senderExternalId));
  return writer?.senderExternalId ?? identities[0]?.externalId;
}

/** The request for the channel's sender, with the attachments' bytes; or why it cannot be sent at all. */
export async function outboundRequestOf(
  deps: Pick<Deps, 'files'>, pending: PendingDelivery,
): Promise<{ request: OutboundRequest } | { problem: string }> {
  const { message, channel, recipientId } = pending;
  if (!channel.isActive) return { problem: `channel ${channel.name} is not active` };
  if (recipientId === undefined) return { problem: `the contact has no identity on channel ${channel.name}` };
  const attachments: (Attachment & { bytes: Uint8Array })[] = [];
  for (const attachment of pending.attachments) {
    const stored = attachment.fileId === null ? undefined : await deps.files.find(attachment.fileId);
    if (!stored) return { problem: `the file of attachment ${attachment.fileName ?? attachment.id} is gone` };
    attachments.push(Object.assign(attachment, { bytes: stored.bytes }));
  }
  return { request: { channel, recipientId, message, attachments } };
}
