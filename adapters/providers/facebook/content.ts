import type { InboundAttachment } from '../../../application/inbound/inbound-message.ts';
import type { AttachmentType } from '../../../domain/attachment.ts';
import type { MessageType } from '../../../domain/message.ts';
import { isHttpUrl } from '../http-outcomes.ts';
import { storableText } from '../text.ts';
import type { FacebookAttachment, FacebookMessage } from './payload.ts';

/** What a Messenger message says, in unified terms: shared by incoming messages and echoes. */
export interface MessageContent {
  readonly type: MessageType;
  readonly text: string;
  readonly attachments: InboundAttachment[];
  readonly metadata: Record<string, unknown> | undefined;
}

const MEDIA: Readonly<Record<string, AttachmentType>> = { image: 'image', video: 'video', audio: 'audio', file: 'file' };
const MAX_METADATA_DEPTH = 8;

/**
 * Converts a `message` object: media attachments by URL, stickers, locations, shared links
 * (`fallback`), and everything else (templates, reels, posts, products...) as `unsupported`
 * with what is known, never dropped.
 * @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
 */
export function messageContent(message: FacebookMessage): MessageContent {
  const metadata: Record<string, unknown> = {};
  if (message.quick_reply) metadata.quickReply = { payload: storableText(message.quick_reply.payload) };
  if (message.reply_to) metadata.replyTo = { mid: message.reply_to.mid, ...optional('isSelfReply', message.reply_to.is_self_reply) };
  const sticker = stickerOf(message);
  const content = sticker ? stickerContent(sticker, metadata) : attachmentsContent(message.attachments ?? [], metadata);
  const text = storableText(message.text ?? content.text);
  // No attachment at all: a text, or (nothing we can show) unsupported.
  const type = content.type ?? (message.text ? 'text' : 'unsupported');
  return { type, text, attachments: content.attachments, metadata: Object.keys(metadata).length > 0 ? metadata : undefined };
}

interface Parts { type: MessageType | undefined; text: string; attachments: InboundAttachment[] }

// A sticker came as `sticker_id` beside an `image` attachment; since 2026 also as a `sticker`
// attachment, both present during the transition: one sticker either way.
function stickerOf(message: FacebookMessage): { id: string; url: string | undefined } | undefined {
  const attachments = message.attachments ?? [];
  const carrier = attachments.find((a) => a.type === 'sticker') ?? attachments.find((a) => a.payload?.sticker_id != null);
  const id = message.sticker_id ?? carrier?.payload?.sticker_id;
  if (id == null) return undefined;
  return { id, url: urlOf(carrier) };
}

function stickerContent(sticker: { id: string; url: string | undefined }, metadata: Record<string, unknown>): Parts {
  metadata.stickerId = sticker.id;
  const attachments: InboundAttachment[] = sticker.url ? [{ type: 'sticker', sourceRef: sticker.url }] : [];
  return { type: 'sticker', text: '', attachments };
}

function attachmentsContent(list: readonly FacebookAttachment[], metadata: Record<string, unknown>): Parts {
  const attachments: InboundAttachment[] = [];
  const unsupported: unknown[] = [];
  let location: Record<string, unknown> | undefined;
  let link: { title?: string; url: string } | undefined;
  for (const attachment of list) {
    const url = urlOf(attachment);
    // Own keys only: the type comes from a webhook, and 'constructor' must not find Object's.
    const mediaType = Object.hasOwn(MEDIA, attachment.type) ? MEDIA[attachment.type] : undefined;
    const title = titleOf(attachment);
    if (mediaType && url) attachments.push({ type: mediaType, sourceRef: url });
    else if (attachment.type === 'location' && attachment.payload?.coordinates && !location) location = locationOf(attachment, url, title);
    else if (attachment.type === 'fallback' && url && isHttpUrl(url) && !link) link = { ...optional('title', title), url };
    else unsupported.push(storableJson(attachment, 0));
  }
  if (location) metadata.location = location;
  if (link) metadata.link = link;
  if (unsupported.length > 0) metadata.unsupported = unsupported;
  const type: MessageType | undefined = attachments[0]?.type ?? (location ? 'location' : link ? 'text' : list.length > 0 ? 'unsupported' : undefined);
  const text = location ? (location.title as string | undefined) ?? '' : link ? [link.title, link.url].filter(Boolean).join('\n') : '';
  return { type, text, attachments };
}

function locationOf(attachment: FacebookAttachment, url: string | undefined, title: string | undefined): Record<string, unknown> {
  const { lat, long } = attachment.payload!.coordinates!;
  return { latitude: lat, longitude: long, ...optional('title', title), ...optional('url', url) };
}

// Kept as given: the loader fetches only http(s) URLs, and records any other as not downloadable.
function urlOf(attachment: FacebookAttachment | undefined): string | undefined {
  const url = (attachment?.payload?.url ?? attachment?.url ?? '').trim();
  return url === '' ? undefined : storableText(url);
}

const titleOf = (attachment: FacebookAttachment): string | undefined => {
  const title = attachment.payload?.title ?? attachment.title ?? undefined;
  return title ? storableText(title) : undefined;
};

const optional = <K extends string, T>(key: K, value: T | undefined) => (value === undefined ? {} : { [key]: value } as Record<K, T>);

/**
 * JSON as PostgreSQL's jsonb stores it: strings (and keys) without NUL or lone surrogates, and
 * not nested without end, so an odd attachment is kept as metadata instead of failing the insert.
 */
export function storableJson(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  if (depth >= MAX_METADATA_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => storableJson(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableJson(item, depth + 1)]));
}
