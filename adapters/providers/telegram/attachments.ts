import { ofetch } from 'ofetch';
import type { AttachmentLoader, LoadOutcome } from '../../../application/ports/attachment-loader.ts';
import { downloadLimited } from '../download.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { failureReason, isTransient, type BotApi } from './client.ts';
import { botAccessOf, type BotAccess } from './settings.ts';

/** Bots may download files of at most 20 MB. @see https://core.telegram.org/bots/api#getfile */
export const MAX_BOT_DOWNLOAD_BYTES = 20 * 1024 * 1024;

const TOO_BIG = `Telegram bots may download files of at most ${MAX_BOT_DOWNLOAD_BYTES} bytes (20 MB)`;

/**
 * Fetches an incoming file [Creatio's IAttachmentsLoadWorker]: getFile(file_id) → file_path → GET
 * `<apiBaseUrl>/file/bot<token>/<file_path>`. That URL holds the token, so it is built here, used
 * once and never stored: the attachment's sourceRef is the file_id.
 */
export function createTelegramAttachmentLoader(api: BotApi, options: ProviderOptions): AttachmentLoader {
  return {
    async load(channel, attachment, maxBytes) {
      const access = botAccessOf(channel);
      if (!access) return { kind: 'not_downloadable', reason: 'the channel settings are not valid Telegram settings' };
      if (!attachment.sourceRef) return { kind: 'not_downloadable', reason: 'the attachment has no Telegram file_id' };
      if ((attachment.fileSize ?? 0) > MAX_BOT_DOWNLOAD_BYTES) {
        return { kind: 'not_downloadable', reason: `${TOO_BIG}; this one is ${attachment.fileSize} bytes` };
      }
      const outcome = await downloadFile(api, options, access, attachment.sourceRef, maxBytes, attachment.fileName);
      // The file server may not name a type; what the message said (e.g. audio/ogg for a voice note) is better than none.
      if (outcome.kind === 'loaded' && outcome.mimeType === 'application/octet-stream' && attachment.mimeType) {
        return { ...outcome, mimeType: attachment.mimeType };
      }
      return outcome;
    },
  };
}

/** getFile, then the download, at most `maxBytes` (and never over the bots' 20 MB). */
export async function downloadFile(
  api: BotApi, options: ProviderOptions, access: BotAccess, fileId: string, maxBytes: number, fileName?: string | null,
): Promise<LoadOutcome> {
  const answer = await api(access, 'getFile', { file_id: fileId });
  if (answer.kind !== 'ok') return getFileRefusal(answer);
  const file = answer.result as { file_path?: unknown; file_size?: unknown } | null;
  if (typeof file?.file_size === 'number' && file.file_size > MAX_BOT_DOWNLOAD_BYTES) {
    return { kind: 'not_downloadable', reason: `${TOO_BIG}; this one is ${file.file_size} bytes` };
  }
  const path = typeof file?.file_path === 'string' ? safeFilePath(file.file_path) : undefined;
  if (!path) return { kind: 'not_downloadable', reason: 'Telegram gave no usable file_path for this file' };
  // downloadLimited's reasons name the status or the network failure, never the URL.
  return downloadLimited(ofetch.create({ retry: 0 }), `${access.apiBaseUrl}/file/bot${access.token}/${path}`, {
    maxBytes: Math.min(maxBytes, MAX_BOT_DOWNLOAD_BYTES),
    timeoutMs: options.downloadTimeoutMs ?? options.timeoutMs,
    now: () => options.clock.now(),
    fileName,
  });
}

// "Bad Request: file is too big" will not change; "wrong file_id or the file is temporarily unavailable" may.
function getFileRefusal(answer: Exclude<Awaited<ReturnType<BotApi>>, { kind: 'ok' }>): LoadOutcome {
  const reason = failureReason(answer);
  const temporary = answer.kind === 'error' && (/temporarily/i.test(answer.description) || answer.errorCode === 401);
  if (isTransient(answer) || temporary) {
    return { kind: 'retry', reason, afterMs: answer.kind === 'error' ? answer.retryAfterMs : undefined };
  }
  return { kind: 'not_downloadable', reason };
}

/** `documents/file_0.pdf` with each segment URL-encoded; undefined for anything that could leave the file path. */
function safeFilePath(path: string): string | undefined {
  const segments = path.split('/');
  if (path.length > 1024 || segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\u0000-\u001f]/.test(s))) return undefined;
  return segments.map(encodeURIComponent).join('/');
}
