import type { SendOutcome } from '../ports/outbound-sender.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ChatId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { canSeeChat, type Viewer } from '../viewer.ts';

/**
 * Hands a chat's conversation to the messenger's primary receiver (Messenger's Page Inbox)
 * [Creatio's PassControlToPrimaryReceiver], for agents and bots that are done with it.
 */
export async function passControlToPrimaryReceiver(
  deps: Pick<Deps, 'transaction' | 'providers'>, viewer: Viewer, chatId: ChatId,
): Promise<SendOutcome> {
  const { channel, recipientId } = await deps.transaction.run(async ({ chats, channels, contacts }) => {
    const chat = await chats.get(chatId);
    if (!canSeeChat(viewer, chat)) throw new DomainError('forbidden', 'CHAT_NOT_VISIBLE', `chat ${chat.id} is not in your queues`);
    const channel = await channels.get(chat.channelId);
    const identity = (await contacts.identitiesOf([chat.contactId])).find((i) => i.channelId === channel.id);
    if (!identity) throw new DomainError('conflict', 'NO_RECIPIENT', `chat ${chat.id} has no messenger identity on its channel`);
    return { channel, recipientId: identity.externalId };
  });
  const sender = deps.providers.find(channel.provider)?.sender;
  if (!sender?.passControlToPrimaryReceiver) {
    throw new DomainError('invalid', 'HANDOVER_NOT_SUPPORTED', `${channel.provider} channels have no primary receiver to hand over to`);
  }
  return sender.passControlToPrimaryReceiver(channel, recipientId);
}
