import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The Bot API as far as ingest needs it, on a loopback port of the bench process. */
export interface BenchTelegram {
  readonly baseUrl: string;
  /** Calls answered, by method: shows the follow-up jobs of new senders ran (and reached no one else). */
  readonly calls: Record<string, number>;
  close(): Promise<void>;
}

/**
 * Without PUBLIC_URL the service registers no webhook, but `channels.create` checks the token
 * (getMe) and every new sender enqueues contact enrichment (getChat, getUserProfilePhotos): the
 * channel's apiBaseUrl points here, so no job fails or tries the internet. Answers are Telegram's
 * shapes: `{ ok: true, result }`. @see https://core.telegram.org/bots/api#making-requests
 */
export async function startBenchTelegram(): Promise<BenchTelegram> {
  const calls: Record<string, number> = {};
  const server = createServer((req, res) => void answer(req, res, calls));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, calls: Record<string, number>): Promise<void> {
  const method = /^\/bot[^/]+\/(\w+)$/.exec(req.url ?? '')?.[1] ?? 'unknown';
  calls[method] = (calls[method] ?? 0) + 1;
  const params = await jsonBody(req);
  const body = JSON.stringify(method === 'unknown' ? { ok: false, error_code: 404, description: 'Not Found' } : { ok: true, result: resultOf(method, params) });
  res.writeHead(method === 'unknown' ? 404 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

function resultOf(method: string, params: Record<string, unknown>): unknown {
  if (method === 'getMe') return { id: 7000000001, is_bot: true, first_name: 'Bench', username: 'bench_bot' };
  if (method === 'getChat') return { id: Number(params['chat_id']), type: 'private', first_name: 'Customer', username: `customer${String(params['chat_id'])}` };
  if (method === 'getUserProfilePhotos') return { total_count: 0, photos: [] };
  return true;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
