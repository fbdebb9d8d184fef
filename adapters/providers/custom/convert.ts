import { createHash } from 'node:crypto';
import type { InboundAttachment, InboundMessage } from '../../../application/inbound/inbound-message.ts';
import { attachmentTypeFrom } from '../../../domain/attachment.ts';
import { sanitizeFileName } from '../file-name.ts';
import { storableText } from '../text.ts';
import type { CustomMessage } from './payload.ts';

/**
 * A custom message in the unified shape [Creatio's SomeProviderIncomingMessageConverter]. Without
 * an `id`, the key is the hash of the exact bytes, so a redelivery of the same body is still one message.
 */
export function convertCustomMessage(payload: CustomMessage, rawBody: Uint8Array): InboundMessage {
  const attachments = (payload.attachments ?? []).map(toInboundAttachment);
  return {
    idempotencyKey: payload.id ?? `sha256:${createHash('sha256').update(rawBody).digest('hex')}`,
    externalId: payload.id ?? null,
    sender: { externalId: payload.sender },
    type: attachments[0]?.type ?? 'text',
    text: storableText(payload.message),
    sentAt: payload.timestamp,
    attachments,
  };
}

function toInboundAttachment(attachment: NonNullable<CustomMessage['attachments']>[number]): InboundAttachment {
  return {
    type: attachmentTypeFrom(attachment.fileType),
    sourceRef: attachment.uploadUrl,
    fileName: sanitizeFileName(attachment.fileName) ?? undefined,
  };
}
