import { apiFetch } from '../pooled-fetch.ts';
import type { OutboundRequest, OutboundSender, SendOutcome } from '../../../application/ports/outbound-sender.ts';
import type { Attachment } from '../../../domain/attachment.ts';
import { fetchFailureReason, httpReason, isHttpUrl, retryAfterMs } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { readCustomSettings } from './settings.ts';
import { SIGNATURE_HEADER, signBody } from './verify.ts';

type OutboundAttachment = { uploadUrl: string; fileType: string; fileName?: string };

/**
 * Delivers outgoing messages of custom channels [Creatio's IOutcomeMessageWorker]: POSTs the unified
 * JSON to the channel's `outboundUrl`, signed like inbound webhooks. Retries belong to the job, so none here.
 */
export function createCustomSender(options: ProviderOptions): OutboundSender {
  const client = apiFetch.create({ retry: 0 });
  return {
    async send(request) {
      const settings = readCustomSettings(request.channel);
      if (!settings) return { kind: 'rejected', reason: 'channel settings are not valid custom settings' };
      if (!settings.outboundUrl) return { kind: 'rejected', reason: 'channel has no outboundUrl' };
      const attachments = outboundAttachments(request.attachments, options);
      if (typeof attachments === 'string') return { kind: 'rejected', reason: attachments };
      const bytes = new TextEncoder().encode(JSON.stringify(outboundBody(request, attachments)));
      try {
        const response = await client.raw(settings.outboundUrl, {
          method: 'POST', body: bytes, responseType: 'text', ignoreResponseError: true,
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(settings.secret, bytes) },
          // A POST must not turn into a GET on a 301/302: a redirect is reported, not followed.
          redirect: 'manual',
          // For the body too: ofetch's own `timeout` stops at the headers.
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        return classify(response, response._data ?? '', request, options);
      } catch (error) {
        return { kind: 'retry', afterMs: options.retryDelayMs, reason: fetchFailureReason(error) };
      }
    },
  };
}

function outboundBody({ channel, recipientId, message }: OutboundRequest, attachments: OutboundAttachment[]) {
  return {
    id: message.id,
    message: message.text,
    recipient: recipientId,
    sender: channel.source,
    timestamp: message.sentAt.getTime(),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

// Each attachment needs a URL the receiver can fetch; a message never goes out without one of its files.
function outboundAttachments(attachments: OutboundRequest['attachments'], options: ProviderOptions): OutboundAttachment[] | string {
  const result: OutboundAttachment[] = [];
  for (const attachment of attachments) {
    const uploadUrl = options.fileUrl?.(attachment) ?? (attachment.sourceRef && isHttpUrl(attachment.sourceRef) ? attachment.sourceRef : undefined);
    if (!uploadUrl) return `attachment ${attachment.id} has no URL the receiver could download it from`;
    result.push({ uploadUrl, fileType: fileTypeWord(attachment), ...(attachment.fileName ? { fileName: attachment.fileName } : {}) });
  }
  return result;
}

// "Image", "Video", "Audio", "File": the words of Creatio's FileType, which inbound parsing also reads.
const fileTypeWord = (attachment: Attachment): string => attachment.type.charAt(0).toUpperCase() + attachment.type.slice(1);

function classify(response: Response, body: string, request: OutboundRequest, options: ProviderOptions): SendOutcome {
  const { status, statusText } = response;
  if (status >= 200 && status < 300) return { kind: 'sent', externalId: externalIdFrom(body) ?? request.message.id };
  if ([408, 425, 429].includes(status) || status >= 500) {
    const afterMs = retryAfterMs(response.headers.get('retry-after'), options.clock.now(), options.retryDelayMs);
    return { kind: 'retry', afterMs, reason: httpReason(status, statusText, body) };
  }
  if (status >= 300 && status < 400) return { kind: 'rejected', reason: `HTTP ${status}: redirects are not followed; set outboundUrl to the final URL` };
  return { kind: 'rejected', reason: httpReason(status, statusText, body) };
}

/** The receiver's id of the message, when it answered JSON with an `id`. */
function externalIdFrom(body: string): string | undefined {
  try {
    const id: unknown = (JSON.parse(body) as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id !== '' && id.length <= 256) return id;
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  } catch {
    // Not JSON: the receiver gave no id, ours stands in.
  }
  return undefined;
}
