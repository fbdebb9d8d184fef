import { Hono, type Context } from 'hono';
import type { FileStorage } from '../../application/ports/file-storage.ts';
import type { Viewer } from '../../application/viewer.ts';
import type { FileId } from '../../domain/ids.ts';
import { bearerToken } from '../trpc/context.ts';
import { httpError } from './errors.ts';
import { isValidFileLink } from './file-links.ts';
import { limitBody } from './body-limit.ts';

/** What the file routes need. */
export interface FileRouteOptions {
  readonly files: FileStorage;
  readonly authenticate: (token: string | undefined) => Promise<Viewer | undefined>;
  readonly maxBytes: number;
  /** Signs links that open one file without a token (for messengers); absent, every read needs a token. */
  readonly linkSecret?: string | undefined;
  readonly now?: () => Date;
}

/** `GET /files/:id` (a stored file's bytes) and `POST /files` (an agent's upload), both for token holders. */
export function fileRoutes(options: FileRouteOptions): Hono {
  const requireViewer = async (c: Context) => {
    const viewer = await options.authenticate(bearerToken(c.req.header('authorization')));
    if (!viewer) throw httpError(401, 'UNAUTHORIZED', 'a valid Bearer token is required');
    return viewer;
  };
  const tooLarge = () => { throw httpError(413, 'PAYLOAD_TOO_LARGE', `files are limited to ${options.maxBytes} bytes`); };
  return new Hono()
    .get('/files/:id', async (c) => {
      const signed = options.linkSecret !== undefined && c.req.query('signature') !== undefined;
      if (!signed) await requireViewer(c);
      else if (!isValidFileLink(options.linkSecret!, c.req.param('id'), c.req.query('expires'), c.req.query('signature'), (options.now ?? (() => new Date()))())) {
        throw httpError(401, 'INVALID_LINK', 'the file link is invalid or has expired');
      }
      const found = await options.files.find(c.req.param('id') as FileId);
      if (!found) throw httpError(404, 'FILE_NOT_FOUND', 'no such file');
      return new Response(new Uint8Array(found.bytes), { headers: downloadHeaders(found.file.mimeType, found.file.fileName, found.file.size) });
    })
    .post('/files', async (c, next) => { await requireViewer(c); return next(); }, limitBody(options.maxBytes, tooLarge), async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const mimeType = (c.req.header('content-type') ?? 'application/octet-stream').split(';')[0]!.trim() || 'application/octet-stream';
      const name = c.req.query('name')?.slice(0, 255) || null;
      const file = await options.files.put(bytes, { mimeType, fileName: name });
      // 200, not 201: the contract names only the body, and clients check `ok` or 200.
      return c.json({ id: file.id, mimeType: file.mimeType, fileName: file.fileName, size: file.size });
    });
}

/** Files are always downloads, sandboxed and never sniffed: an uploaded HTML file must not run as our page. */
function downloadHeaders(mimeType: string, fileName: string | null, size: number): HeadersInit {
  const name = fileName ?? 'file';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    'Content-Type': mimeType,
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, max-age=3600',
  };
}
