import type { OutboundRequest } from '../../../application/ports/outbound-sender.ts';
import type { Attachment, AttachmentType } from '../../../domain/attachment.ts';
import { isHttpUrl } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';

/** The Send API's limit on a text. @see https://developers.facebook.com/docs/messenger-platform/reference/send-api#message */
export const MAX_TEXT_CHARS = 2000;

type SendAttachmentType = 'image' | 'video' | 'audio' | 'file';

/** One Send API message of an outgoing message: its text, or one attachment (uploaded bytes, or a URL Meta fetches). */
export type MessagePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'upload'; readonly type: SendAttachmentType; readonly attachment: Attachment; readonly bytes: Uint8Array }
  | { readonly kind: 'url'; readonly type: SendAttachmentType; readonly url: string };

// Messenger has no voice or sticker upload: a voice note goes as audio, a sticker as an image.
const SEND_TYPE: Record<AttachmentType, SendAttachmentType> = {
  image: 'image', sticker: 'image', video: 'video', audio: 'audio', voice: 'audio', file: 'file',
};

/**
 * The parts to send, in order (the text, then each attachment), or why the message cannot go:
 * an attachment without bytes or a URL, a text over Messenger's limit, nothing at all.
 */
export function messageParts(request: OutboundRequest, options: ProviderOptions): MessagePart[] | string {
  const parts: MessagePart[] = [];
  const { text } = request.message;
  if (text.trim() !== '') {
    const length = Array.from(text).length;
    if (length > MAX_TEXT_CHARS) return `the text is ${length} characters; Messenger takes at most ${MAX_TEXT_CHARS} per message`;
    parts.push({ kind: 'text', text });
  }
  for (const attachment of request.attachments) {
    const type = SEND_TYPE[attachment.type];
    if (attachment.bytes) {
      parts.push({ kind: 'upload', type, attachment, bytes: attachment.bytes });
      continue;
    }
    const url = options.fileUrl?.(attachment);
    if (!url || !isHttpUrl(url)) return `attachment ${attachment.id} has neither its bytes nor a URL Messenger could fetch it from`;
    parts.push({ kind: 'url', type, url });
  }
  return parts.length > 0 ? parts : 'the message has no text and no attachments';
}

/**
 * The Send API body of one part: JSON, or multipart with the file as `filedata`. Every part is a
 * `RESPONSE` (inside the 24-hour window) and carries our message id as `metadata` for its echo.
 * @see https://developers.facebook.com/docs/messenger-platform/send-messages#sending_attachments
 */
export function partBody(part: MessagePart, { recipientId, message }: OutboundRequest): Record<string, unknown> | FormData {
  const recipient = { id: recipientId };
  if (part.kind === 'text') return { recipient, messaging_type: 'RESPONSE', message: { text: part.text, metadata: message.id } };
  if (part.kind === 'url') {
    return { recipient, messaging_type: 'RESPONSE', message: { attachment: { type: part.type, payload: { url: part.url, is_reusable: false } }, metadata: message.id } };
  }
  const form = new FormData();
  form.set('recipient', JSON.stringify(recipient));
  form.set('messaging_type', 'RESPONSE');
  form.set('message', JSON.stringify({ attachment: { type: part.type, payload: { is_reusable: false } }, metadata: message.id }));
  const blob = new Blob([new Uint8Array(part.bytes)], { type: part.attachment.mimeType ?? 'application/octet-stream' });
  form.set('filedata', blob, part.attachment.fileName ?? `${part.type}-${part.attachment.id}`);
  return form;
}
