import type { OutboundRequest, OutboundSender, SendOutcome } from '../../../application/ports/outbound-sender.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { failureReason, isTransient, type BotApi, type BotApiAnswer } from './client.ts';
import { botAccessOf } from './settings.ts';

type OutboundAttachment = OutboundRequest['attachments'][number];
interface Call { readonly method: string; readonly params: Record<string, unknown> | FormData }

const MB = 1024 * 1024;
// Limits of the Bot API. @see https://core.telegram.org/bots/api#sending-files and #sendphoto
const MAX_CAPTION = 1024;
const MAX_PHOTO_UPLOAD = 10 * MB;
const MAX_UPLOAD = 50 * MB;

/**
 * Sends agents' messages to a private chat [Creatio's IOutcomeMessageWorker]: sendMessage for text,
 * sendPhoto / sendDocument for files (the bytes uploaded as multipart, else a URL Telegram fetches),
 * the text as the first file's caption when it fits. Classifies the Bot API's answer.
 */
export function createTelegramSender(api: BotApi, options: ProviderOptions): OutboundSender {
  return {
    async send(request) {
      const access = botAccessOf(request.channel);
      if (!access) return { kind: 'rejected', reason: 'the channel settings are not valid Telegram settings' };
      const calls = callsFor(request, options);
      if (typeof calls === 'string') return { kind: 'rejected', reason: calls };
      let firstId: string | undefined;
      // One call per part; a failure after the first part was sent reports that failure (see the final note).
      for (const call of calls) {
        const answer = await api(access, call.method, call.params);
        if (answer.kind !== 'ok') return outcomeOf(answer, options);
        firstId ??= sentMessageId(answer.result) ?? request.message.id;
      }
      return { kind: 'sent', externalId: firstId ?? request.message.id };
    },
  };
}

/** What a failed call means for the delivery job: retry later (flood control, 5xx, network) or give up with the reason. */
export function outcomeOf(answer: Exclude<BotApiAnswer, { kind: 'ok' }>, options: ProviderOptions): SendOutcome {
  const reason = failureReason(answer);
  if (!isTransient(answer)) return { kind: 'rejected', reason };
  const afterMs = answer.kind === 'error' ? (answer.retryAfterMs ?? options.retryDelayMs) : options.retryDelayMs;
  return { kind: 'retry', afterMs, reason };
}

function callsFor(request: OutboundRequest, options: ProviderOptions): Call[] | string {
  const { recipientId: chatId, attachments } = request;
  const text = request.message.text;
  if (attachments.length === 0) {
    return text.trim() === '' ? 'the message has neither text nor an attachment' : [{ method: 'sendMessage', params: { chat_id: chatId, text } }];
  }
  const captioned = text.length <= MAX_CAPTION;
  const calls: Call[] = captioned || text.trim() === '' ? [] : [{ method: 'sendMessage', params: { chat_id: chatId, text } }];
  for (const [index, attachment] of attachments.entries()) {
    const caption = captioned && index === 0 && text !== '' ? text : undefined;
    const call = fileCall(chatId, attachment, caption, options);
    if (typeof call === 'string') return call;
    calls.push(call);
  }
  return calls;
}

function fileCall(chatId: string, attachment: OutboundAttachment, caption: string | undefined, options: ProviderOptions): Call | string {
  const { bytes } = attachment;
  if (bytes && bytes.byteLength > MAX_UPLOAD) return `attachment ${attachment.id} is over the 50 MB bots may upload`;
  // A photo over 10 MB still goes, as a document (Telegram would refuse it as a photo).
  const asPhoto = attachment.type === 'image' && (!bytes || bytes.byteLength <= MAX_PHOTO_UPLOAD);
  const [method, field] = asPhoto ? ['sendPhoto', 'photo'] : ['sendDocument', 'document'];
  if (bytes) {
    const form = new FormData();
    form.set('chat_id', chatId);
    if (caption !== undefined) form.set('caption', caption);
    form.set(field, new Blob([new Uint8Array(bytes)], { type: attachment.mimeType ?? 'application/octet-stream' }), attachment.fileName ?? 'file');
    return { method, params: form };
  }
  // By URL Telegram fetches the file itself (sendDocument: GIF, PDF and ZIP only). @see https://core.telegram.org/bots/api#sending-files
  const url = options.fileUrl?.(attachment);
  if (!url) return `attachment ${attachment.id} has neither bytes to upload nor a URL Telegram could fetch it from`;
  return { method, params: { chat_id: chatId, [field]: url, ...(caption === undefined ? {} : { caption }) } };
}

function sentMessageId(result: unknown): string | undefined {
  const id = (result as { message_id?: unknown } | null)?.message_id;
  return Number.isSafeInteger(id) ? String(id) : undefined;
}
