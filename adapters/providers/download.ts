import type { $Fetch } from 'ofetch';
import type { LoadOutcome } from '../../application/ports/attachment-loader.ts';
import { fileNameFromContentDisposition, fileNameFromUrl, sanitizeFileName } from './file-name.ts';
import { fetchFailureReason, retryAfterMs } from './http-outcomes.ts';

/** How one file is fetched. */
export interface DownloadOptions {
  readonly maxBytes: number;
  /** For the whole download, body included: a server that trickles bytes cannot hold a job forever. */
  readonly timeoutMs: number;
  readonly now: () => Date;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The name the provider gave; wins over Content-Disposition and the URL. */
  readonly fileName?: string | null | undefined;
}

const MIME_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;.*)?$/;
const FALLBACK_MIME = 'application/octet-stream';

/**
 * GETs a file into memory, never more than `maxBytes`: a declared Content-Length over the limit
 * is refused before reading, and a body without one is cut off as soon as it passes the limit.
 * 404/410/other 4xx -> not_downloadable; 408/425/429/5xx and network failures -> retry.
 */
export async function downloadLimited(client: $Fetch, url: string, options: DownloadOptions): Promise<LoadOutcome> {
  try {
    const response = await client.raw(url, {
      responseType: 'stream', ignoreResponseError: true, headers: { ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const refused = refusal(response, options);
    if (refused) {
      await response.body?.cancel().catch(() => undefined);
      return refused;
    }
    const bytes = await readLimited(response.body, options.maxBytes);
    if (!bytes) return tooLarge(options.maxBytes);
    return { kind: 'loaded', bytes, ...describeFile(response.headers, url, options.fileName) };
  } catch (error) {
    return { kind: 'retry', reason: fetchFailureReason(error) };
  }
}

function refusal(response: Response, options: DownloadOptions): LoadOutcome | undefined {
  const { status } = response;
  if ([408, 425, 429].includes(status) || status >= 500) {
    const afterMs = retryAfterMs(response.headers.get('retry-after'), options.now(), Number.NaN);
    return { kind: 'retry', reason: `HTTP ${status}`, afterMs: Number.isNaN(afterMs) ? undefined : afterMs };
  }
  if (status < 200 || status >= 300) return { kind: 'not_downloadable', reason: `HTTP ${status}` };
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > options.maxBytes) return tooLarge(options.maxBytes, declared);
  return undefined;
}

const tooLarge = (maxBytes: number, declared?: number): LoadOutcome => ({
  kind: 'not_downloadable',
  reason: declared === undefined
    ? `the file is over the limit of ${maxBytes} bytes`
    : `the file is ${declared} bytes, over the limit of ${maxBytes} bytes`,
});

/** The body's bytes, or undefined as soon as it passes `maxBytes` (the rest is never read). */
async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function describeFile(headers: Headers, url: string, given: string | null | undefined) {
  const contentType = headers.get('content-type')?.trim() ?? '';
  const mimeType = MIME_TYPE.test(contentType) && contentType.length <= 255 ? contentType : FALLBACK_MIME;
  const fileName = sanitizeFileName(given)
    ?? fileNameFromContentDisposition(headers.get('content-disposition'))
    ?? fileNameFromUrl(url);
  return { mimeType, fileName };
}
