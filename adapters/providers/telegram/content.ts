import type { InboundAttachment } from '../../../application/inbound/inbound-message.ts';
import type { AttachmentType } from '../../../domain/attachment.ts';
import type { MessageType } from '../../../domain/message.ts';
import { sanitizeFileName } from '../file-name.ts';
import { storableText } from '../text.ts';
import type { TelegramFile, TelegramMessage } from './payload.ts';
import { storableJson } from './storable-json.ts';

/** What a message holds, in our terms. */
export interface MessageContent {
  readonly type: MessageType;
  readonly text: string;
  readonly attachments: readonly InboundAttachment[];
  readonly metadata: Record<string, unknown>;
}

type Reader = (message: TelegramMessage) => Omit<MessageContent, 'text'> | undefined;

const VENUE_FIELDS = { title: 'title', address: 'address', foursquareId: 'foursquare_id', googlePlaceId: 'google_place_id' };
const MIME_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/;

// First match wins. `animation` comes before `document` and `venue` before `location`: Telegram
// sets both of each pair "for backward compatibility". @see https://core.telegram.org/bots/api#message
const READERS: readonly Reader[] = [
  (m) => m.photo && media('image', 'image', largestPhoto(m.photo), 'image/jpeg'),
  (m) => m.animation && media('video', 'video', m.animation),
  (m) => m.video && media('video', 'video', m.video),
  (m) => m.video_note && media('video', 'video', m.video_note, 'video/mp4', { videoNote: true }),
  (m) => m.audio && media('audio', 'audio', m.audio, undefined, pick(m.audio, { title: 'title', performer: 'performer' })),
  (m) => m.voice && media('voice', 'voice', m.voice),
  (m) => m.document && media('file', 'file', m.document),
  (m) => m.sticker && media('sticker', 'sticker', m.sticker, stickerMime(m.sticker), pick(m.sticker, { emoji: 'emoji', setName: 'set_name' })),
  (m) => m.venue && place(m.venue.location, pick(m.venue, VENUE_FIELDS)),
  (m) => m.location && place(m.location, pick(m.location, { horizontalAccuracy: 'horizontal_accuracy', livePeriod: 'live_period' })),
  (m) => m.contact && { type: 'contact', attachments: [], metadata: sharedContact(m.contact) },
  (m) => (m.text !== undefined ? { type: 'text', attachments: [], metadata: {} } : undefined),
];

/** The type, text (the text, or a caption), attachments and metadata of a message; unknown kinds are `unsupported`. */
export function messageContent(message: TelegramMessage): MessageContent {
  const text = storableText(message.text ?? message.caption ?? '');
  const known = READERS.reduce<Omit<MessageContent, 'text'> | undefined>((found, read) => found ?? read(message), undefined);
  const content = known ?? unsupported(message);
  const metadata = message.media_group_id ? { ...content.metadata, mediaGroupId: storableText(message.media_group_id) } : content.metadata;
  return { ...content, text, metadata };
}

/** Photos come in several sizes, smallest first by convention: the one with the most pixels (then bytes) wins. */
export function largestPhoto(sizes: readonly TelegramFile[]): TelegramFile {
  const area = (size: TelegramFile) => (size.width ?? 0) * (size.height ?? 0);
  return sizes.reduce((best, size) =>
    (area(size) > area(best) || (area(size) === area(best) && (size.file_size ?? 0) >= (best.file_size ?? 0)) ? size : best));
}

function media(type: MessageType, attachmentType: AttachmentType, file: TelegramFile, mimeHint?: string, metadata: Record<string, unknown> = {}) {
  return { type, attachments: [attachmentOf(attachmentType, file, mimeHint)], metadata };
}

function attachmentOf(type: AttachmentType, file: TelegramFile, mimeHint?: string): InboundAttachment {
  const mimeType = file.mime_type && MIME_TYPE.test(file.mime_type) && file.mime_type.length <= 255 ? file.mime_type : mimeHint;
  // The file_id, never a file URL: those carry the bot's token.
  return {
    type, sourceRef: file.file_id, fileName: sanitizeFileName(file.file_name) ?? undefined, mimeType, fileSize: file.file_size,
  };
}

// Static stickers are WebP, animated ones TGS, video ones WebM. @see https://core.telegram.org/bots/api#sticker
const stickerMime = (sticker: TelegramFile): string =>
  (sticker['is_animated'] === true ? 'application/x-tgsticker' : sticker['is_video'] === true ? 'video/webm' : 'image/webp');

const place = (at: { latitude: number; longitude: number }, details: Record<string, unknown>) =>
  ({ type: 'location' as const, attachments: [], metadata: { latitude: at.latitude, longitude: at.longitude, ...details } });

function sharedContact(contact: Record<string, unknown>): Record<string, unknown> {
  const userId = contact['user_id'];
  return {
    ...pick(contact, { phoneNumber: 'phone_number', firstName: 'first_name', lastName: 'last_name', vcard: 'vcard' }),
    ...(Number.isSafeInteger(userId) ? { userId: String(userId) } : {}),
  };
}

/** Fields of a Telegram object under our names, only those present as strings or numbers, storable. */
function pick(source: Record<string, unknown>, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const picked = Object.entries(names)
    .map(([ours, theirs]) => [ours, source[theirs]] as const)
    .filter(([, value]) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)));
  return storableJson(Object.fromEntries(picked)) as Record<string, unknown>;
}

// Message fields that say how or where a message was sent, not what it is.
const ENVELOPE = new Set([
  'message_id', 'message_thread_id', 'direct_messages_topic', 'from', 'sender_chat', 'sender_boost_count', 'sender_business_bot',
  'sender_tag', 'date', 'business_connection_id', 'chat', 'forward_origin', 'forward_from', 'forward_from_chat',
  'forward_from_message_id', 'forward_signature', 'forward_sender_name', 'forward_date', 'is_topic_message',
  'is_automatic_forward', 'reply_to_message', 'external_reply', 'quote', 'reply_to_story', 'reply_to_checklist_task_id',
  'via_bot', 'edit_date', 'has_protected_content', 'is_from_offline', 'is_paid_post', 'media_group_id', 'author_signature',
  'paid_star_count', 'text', 'entities', 'link_preview_options', 'suggested_post_info', 'effect_id', 'caption',
  'caption_entities', 'show_caption_above_media', 'has_media_spoiler', 'reply_markup',
]);

/** A kind we do not convert (dice, poll, game, story, invoice, a service message...): kept with what it holds. */
function unsupported(message: TelegramMessage): Omit<MessageContent, 'text'> {
  const kind = Object.keys(message).find((key) => !ENVELOPE.has(key));
  if (kind === undefined) return { type: 'unsupported', attachments: [], metadata: { telegramType: 'unknown' } };
  return { type: 'unsupported', attachments: [], metadata: { telegramType: storableText(kind), content: storableJson(message[kind]) } };
}
