import { ofetch } from 'ofetch';
import type { AttachmentLoader, LoadOutcome } from '../../../application/ports/attachment-loader.ts';
import type { Attachment } from '../../../domain/attachment.ts';
import { downloadLimited } from '../download.ts';
import { fetchFailureReason, isHttpUrl } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { failureReason, graphErrorOf, isTransient, waitMs } from './errors.ts';
import { graphApi, segment, type GraphAnswer } from './graph.ts';
import { readWhatsAppSettings, type WhatsAppSettings } from './settings.ts';

const MIME_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;.{0,200})?$/;
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'video/mp4': '.mp4', 'video/3gpp': '.3gp',
  'audio/ogg': '.ogg', 'audio/mpeg': '.mp3', 'audio/aac': '.aac', 'audio/amr': '.amr', 'audio/mp4': '.m4a', 'application/pdf': '.pdf',
};

/** What `GET /{media-id}` tells about a file. */
interface MediaInfo {
  readonly url: string;
  readonly mimeType: string | undefined;
  readonly fileSize: number | undefined;
}

/**
 * Downloads an incoming file [Creatio's IAttachmentsLoadWorker]: the attachment's sourceRef is the
 * media id; `GET /{media-id}` gives a URL valid for minutes, fetched with the same bearer token. The
 * URL is used once and never stored, logged or put in a reason.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media#download-media
 */
export function createWhatsAppAttachmentLoader(options: ProviderOptions): AttachmentLoader {
  const downloads = ofetch.create({ retry: 0 });
  return {
    async load(channel, attachment, maxBytes) {
      const settings = readWhatsAppSettings(channel);
      if (!settings) return { kind: 'not_downloadable', reason: 'channel settings are not valid WhatsApp settings' };
      if (!attachment.sourceRef) return { kind: 'not_downloadable', reason: 'the attachment has no WhatsApp media id' };
      const info = await mediaInfo(settings, attachment.sourceRef, options);
      if ('kind' in info) return info;
      if (info.fileSize !== undefined && info.fileSize > maxBytes) {
        return { kind: 'not_downloadable', reason: `the file is ${info.fileSize} bytes, over the limit of ${maxBytes} bytes` };
      }
      const outcome = await downloadLimited(downloads, info.url, {
        maxBytes, timeoutMs: options.downloadTimeoutMs ?? options.timeoutMs, now: () => options.clock.now(),
        headers: { authorization: `Bearer ${settings.accessToken}` },
        // The URL's path names no file: a document's own name, else one made from the media id.
        fileName: attachment.fileName ?? fallbackName(attachment, info.mimeType),
      });
      // WhatsApp knows the type better than a generic Content-Type.
      if (outcome.kind === 'loaded' && outcome.mimeType === 'application/octet-stream' && info.mimeType) return { ...outcome, mimeType: info.mimeType };
      return outcome;
    },
  };
}

async function mediaInfo(settings: WhatsAppSettings, mediaId: string, options: ProviderOptions): Promise<MediaInfo | LoadOutcome> {
  let answer: GraphAnswer;
  try {
    answer = await graphApi(settings, options).get(segment(mediaId));
  } catch (error) {
    return { kind: 'retry', reason: `WhatsApp could not be reached: ${fetchFailureReason(error)}` };
  }
  if (!answer.ok) return refused(answer, settings, options);
  const body = (answer.json ?? {}) as { url?: unknown; mime_type?: unknown; file_size?: unknown };
  if (typeof body.url !== 'string' || !isHttpUrl(body.url)) return { kind: 'not_downloadable', reason: 'WhatsApp gave no download URL for this media' };
  const size = Number(body.file_size);
  const mimeType = typeof body.mime_type === 'string' && MIME_TYPE.test(body.mime_type) ? body.mime_type : undefined;
  return { url: body.url, mimeType, fileSize: Number.isFinite(size) && size >= 0 ? size : undefined };
}

/**
 * Media ids of webhooks expire after 7 days: an unknown, expired or deleted id (404, or Graph code
 * 100) will never load; rate limits and outages pass; anything else (a revoked token) is retried
 * until the job gives up, since the admin may fix it meanwhile.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media#get-media-id
 */
function refused(answer: GraphAnswer, settings: WhatsAppSettings, options: ProviderOptions): LoadOutcome {
  const error = graphErrorOf(answer);
  const reason = failureReason(answer, settings, error);
  if (answer.status === 404 || answer.status === 410 || error?.code === 100) return { kind: 'not_downloadable', reason: `the media is gone or unknown: ${reason}` };
  if (isTransient(answer, error)) return { kind: 'retry', reason, afterMs: waitMs(answer.headers, options.clock.now(), options.retryDelayMs) };
  return { kind: 'retry', reason };
}

function fallbackName(attachment: Attachment, mimeType: string | undefined): string {
  const base = (mimeType ?? attachment.mimeType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = Object.hasOwn(EXTENSIONS, base) ? EXTENSIONS[base] : '';
  return `whatsapp-${attachment.type}-${attachment.sourceRef ?? attachment.id}${extension}`;
}
