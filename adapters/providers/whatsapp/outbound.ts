import type { OutboundRequest } from '../../../application/ports/outbound-sender.ts';
import type { Attachment } from '../../../domain/attachment.ts';
import { isHttpUrl } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';

/** The Cloud API's media message types. */
export type MediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

type OutboundAttachment = OutboundRequest['attachments'][number];

/** One Cloud API message to send: a text, or one media (by its bytes, uploaded first, or by a link). */
export type PlannedMessage =
  | { readonly kind: 'text'; readonly body: string }
  | { readonly kind: 'media'; readonly type: MediaType; readonly attachment: OutboundAttachment; readonly link?: string; readonly caption?: string };

/** Captions are at most 1024 characters; a longer text goes as its own message. */
const MAX_CAPTION = 1024;
const CAPTIONED: readonly MediaType[] = ['image', 'video', 'document'];

/**
 * What an outgoing message becomes on WhatsApp: one message per attachment (the Cloud API takes one
 * media per message), the text as the caption of the first one that takes a caption, else as a text
 * message first. A reason (string) when an attachment has neither bytes nor a URL WhatsApp could fetch.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media
 */
export function planMessages(request: OutboundRequest, options: Pick<ProviderOptions, 'fileUrl'>): PlannedMessage[] | string {
  const media: PlannedMessage[] = [];
  for (const attachment of request.attachments) {
    const link = attachment.bytes ? undefined : options.fileUrl?.(attachment) ?? httpSource(attachment);
    if (!attachment.bytes && !link) return `attachment ${attachment.id} has neither bytes to upload nor a URL WhatsApp could fetch`;
    media.push({ kind: 'media', type: mediaTypeOf(attachment), attachment, ...(link ? { link } : {}) });
  }
  const text = request.message.text;
  if (text.trim() === '') return media;
  const host = media.findIndex((m) => m.kind === 'media' && CAPTIONED.includes(m.type));
  const hostMedia = media[host];
  if (hostMedia?.kind === 'media' && text.length <= MAX_CAPTION) {
    media[host] = { ...hostMedia, caption: text };
    return media;
  }
  return [{ kind: 'text', body: text }, ...media];
}

const httpSource = (attachment: Attachment): string | undefined =>
  (attachment.sourceRef && isHttpUrl(attachment.sourceRef) ? attachment.sourceRef : undefined);

/**
 * The media type WhatsApp accepts for a file: images must be JPEG or PNG, videos MP4 or 3GPP,
 * stickers WebP; anything else goes as a document, which takes every file.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media#supported-media-types
 */
export function mediaTypeOf(attachment: Attachment): MediaType {
  const mime = attachment.mimeType?.split(';')[0]?.trim().toLowerCase();
  const fits = (types: readonly string[]) => mime === undefined || types.includes(mime);
  if (attachment.type === 'image' && fits(['image/jpeg', 'image/png'])) return 'image';
  if (attachment.type === 'video' && fits(['video/mp4', 'video/3gpp'])) return 'video';
  if ((attachment.type === 'audio' || attachment.type === 'voice') && (mime === undefined || mime.startsWith('audio/'))) return 'audio';
  if (attachment.type === 'sticker' && fits(['image/webp'])) return 'sticker';
  return 'document';
}

/**
 * The JSON of a send: to a phone number (`to`), or to a business-scoped user id (`recipient`) for
 * a user known only by it.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 */
export function messageBody(recipientId: string, content: Record<string, unknown>): Record<string, unknown> {
  const address = /^\+?\d+$/.test(recipientId) ? { to: recipientId } : { recipient: recipientId };
  return { messaging_product: 'whatsapp', recipient_type: 'individual', ...address, ...content };
}

/** The `type` and its object for a planned message, the media given by its uploaded id or its link. */
export function contentOf(planned: PlannedMessage, mediaId?: string): Record<string, unknown> {
  if (planned.kind === 'text') return { type: 'text', text: { body: planned.body } };
  const source = mediaId ? { id: mediaId } : { link: planned.link };
  const caption = planned.caption ? { caption: planned.caption } : {};
  const filename = planned.type === 'document' && planned.attachment.fileName ? { filename: planned.attachment.fileName } : {};
  return { type: planned.type, [planned.type]: { ...source, ...caption, ...filename } };
}
