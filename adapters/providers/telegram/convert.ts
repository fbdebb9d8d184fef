import type { InboundEvent } from '../../../application/inbound/inbound-event.ts';
import type { InboundMessage } from '../../../application/inbound/inbound-message.ts';
import type { ProfileData } from '../../../domain/contact.ts';
import { storableText } from '../text.ts';
import { messageContent } from './content.ts';
import type { TelegramCallbackQuery, TelegramMessage, TelegramUpdate } from './payload.ts';

type User = NonNullable<TelegramMessage['from']>;

/**
 * One Update as unified events [Creatio's TelegramOmnichannelMessagingService converter]. No event
 * names a `source`: Telegram posts each bot's updates to that channel's own URL.
 *
 * Groups are a product decision: Switchboard serves one-to-one conversations, so only private
 * chats become messages. Messages, edits and button taps from groups, supergroups and channels are
 * `ignored` (answered 200, nothing stored): adding the bot to a group never makes errors, and an
 * agent's reply always goes to the person who wrote (in a private chat, chat id = user id).
 */
export function convertUpdate(update: TelegramUpdate, now: Date): InboundEvent[] {
  if (update.message) return [messageEvent(update.message)];
  if (update.edited_message) return [editEvent(update.edited_message)];
  if (update.callback_query) return [callbackEvent(update.callback_query, now)];
  const kind = Object.keys(update).find((key) => key !== 'update_id') ?? 'empty';
  return [{ kind: 'ignored', reason: `Telegram ${storableText(kind).slice(0, 64)} updates are not handled` }];
}

function messageEvent(message: TelegramMessage): InboundEvent {
  if (message.chat.type !== 'private') return notPrivate(message.chat.type);
  return { kind: 'message', message: inboundMessage(message) };
}

/** An edit keeps the original's key, so it finds the message it changes. @see https://core.telegram.org/bots/api#update */
function editEvent(message: TelegramMessage): InboundEvent {
  if (message.chat.type !== 'private') return notPrivate(message.chat.type);
  const inbound = inboundMessage(message);
  const editedAt = new Date((message.edit_date ?? message.date) * 1000);
  return { kind: 'edit', edit: { idempotencyKey: inbound.idempotencyKey, text: inbound.text, editedAt, message: inbound } };
}

/** `message_id` is unique only within a chat: the key is `<chat id>:<message id>`. */
export function inboundMessage(message: TelegramMessage): InboundMessage {
  const content = messageContent(message);
  const metadata = Object.keys(content.metadata).length > 0 ? content.metadata : undefined;
  return {
    idempotencyKey: `${message.chat.id}:${message.message_id}`,
    externalId: String(message.message_id),
    // In a private chat `from` is the person, and the chat's id is theirs too.
    sender: message.from ? senderOf(message.from) : { externalId: String(message.chat.id) },
    type: content.type,
    text: content.text,
    sentAt: new Date(message.date * 1000),
    attachments: content.attachments,
    metadata,
  };
}

/**
 * A button tap is a `postback` message keyed by the query's id. A CallbackQuery carries no time:
 * `sentAt` is its arrival. Taps on inline-mode messages (no `message`) come from other people's
 * chats, not from a conversation with the bot: ignored, like groups.
 */
function callbackEvent(query: TelegramCallbackQuery, now: Date): InboundEvent {
  if (!query.message) return { kind: 'ignored', reason: 'callback queries from inline-mode messages are not handled' };
  if (query.message.chat.type !== 'private') return notPrivate(query.message.chat.type);
  const data = query.data ?? query.game_short_name;
  const message: InboundMessage = {
    idempotencyKey: `callback_query:${query.id}`,
    externalId: query.id,
    sender: senderOf(query.from),
    type: 'postback',
    text: storableText(data ?? ''),
    sentAt: now,
    attachments: [],
    metadata: {
      callbackQueryId: query.id,
      data: query.data === undefined ? null : storableText(query.data),
      messageExternalId: String(query.message.message_id),
      ...(query.game_short_name === undefined ? {} : { gameShortName: storableText(query.game_short_name) }),
    },
  };
  return { kind: 'message', message };
}

function senderOf(user: User): InboundMessage['sender'] {
  return { externalId: String(user.id), profile: profileOf(user) };
}

/** The profile a User object gives: the names and language it carries. @see https://core.telegram.org/bots/api#user */
export function profileOf(user: Pick<User, 'first_name' | 'last_name' | 'username' | 'language_code'>): ProfileData {
  const fields = { firstName: user.first_name, lastName: user.last_name, username: user.username, language: user.language_code };
  const present = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return Object.fromEntries(present.map(([key, value]) => [key, storableText(value)]));
}

const notPrivate = (chatType: string): InboundEvent => ({
  kind: 'ignored',
  reason: `messages in ${storableText(chatType).slice(0, 32)} chats are not handled: Switchboard serves private chats only`,
});
