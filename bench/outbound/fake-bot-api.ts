import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A sendMessage the fake received: when (performance.now() of this process), to whom, what. */
export interface Arrival {
  readonly at: number;
  readonly chatId: string;
  readonly text: string;
}

/** Telegram's Bot API on a local port, as little of it as the service calls, answering at once. */
export interface FakeBotApi {
  readonly baseUrl: string;
  readonly token: string;
  /** sendMessage calls in arrival order. */
  readonly arrivals: Arrival[];
  /** Every call by method (getChat, getUserProfilePhotos, ...), to show what else the service asked. */
  readonly calls: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Starts the fake on 127.0.0.1 (plain node:http: the fake must cost the shared CPU little, and it is
 * the same server the ceiling sends to). Unknown users get a profile without photos.
 * @see https://core.telegram.org/bots/api#making-requests
 */
export async function startFakeBotApi(token = '7000000001:bench-fake-token'): Promise<FakeBotApi> {
  const arrivals: Arrival[] = [];
  const calls = new Map<string, number>();
  let nextMessageId = 1;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const method = (req.url ?? '').split('?')[0]!.split('/').pop() ?? '';
      calls.set(method, (calls.get(method) ?? 0) + 1);
      if (!req.url?.startsWith(`/bot${token}/`)) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const params = parse(body);
      if (method === 'sendMessage') {
        arrivals.push({ at: performance.now(), chatId: String(params['chat_id']), text: String(params['text'] ?? '') });
        return answer(res, 200, { ok: true, result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: params['chat_id'], type: 'private' }, text: params['text'] } });
      }
      return answer(res, 200, { ok: true, result: resultOf(method, params) });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`, token, arrivals, calls,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function resultOf(method: string, params: Record<string, unknown>): unknown {
  if (method === 'getMe') return { id: 7000000001, is_bot: true, first_name: 'Bench', username: 'bench_bot' };
  if (method === 'getChat') return { id: Number(params['chat_id']), type: 'private', first_name: `User${String(params['chat_id'])}` };
  if (method === 'getUserProfilePhotos') return { total_count: 0, photos: [] };
  return true;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; }).on('end', () => resolve(body));
  });
}

// The service sends JSON; the query string is read too, as the Bot API accepts both.
function parse(body: string): Record<string, unknown> {
  try {
    return body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    return Object.fromEntries(new URLSearchParams(body));
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
