import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFailureReason } from '../../../adapters/providers/http-outcomes.ts';
import { apiFetch, MAX_ANSWER_BYTES, pooledFetch } from '../../../adapters/providers/pooled-fetch.ts';

/** What the server saw of one request. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly connection: number;
}

/** A loopback server whose routes answer as real APIs do; it records every request and which connection carried it. */
async function startServer(route: (seen: Seen, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[]; connections: () => number; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  let connections = 0;
  const ids = new WeakMap<object, number>();
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, connection: ids.get(req.socket) ?? 0 };
    seen.push(request);
    route(request, res);
  });
  server.on('connection', (socket) => ids.set(socket, ++connections));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, seen, connections: () => connections,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function routes(other: { url: string }) {
  return (seen: Seen, res: ServerResponse) => {
    const [path, query] = seen.path.split('?');
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    switch (path) {
      case '/echo': return json(200, { method: seen.method, body: seen.body, type: seen.headers['content-type'] ?? null }, { 'x-twice': 'a' });
      case '/created': return res.writeHead(201, 'Made It', { 'set-cookie': ['a=1', 'b=2'] }).end('done');
      case '/empty': return res.writeHead(204).end();
      case '/gzip': return res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"ok":true,"text":"Grüße 👋"}'));
      case '/deflate': return res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync('{"ok":"zlib"}'));
      case '/raw-deflate': return res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync('{"ok":"raw"}'));
      case '/empty-gzip': return res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': '0' }).end();
      case '/huge': return res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.alloc(MAX_ANSWER_BYTES + 1, 'x'));
      case '/gzip-bomb': return res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(MAX_ANSWER_BYTES + 1, 'x')));
      case '/redirect': return res.writeHead(Number(query), { location: '/echo' }).end('moved');
      case '/away': return res.writeHead(307, { location: `${other.url}/echo-auth` }).end();
      case '/echo-auth': return json(200, { authorization: seen.headers.authorization ?? null, method: seen.method, body: seen.body });
      case '/loop': return res.writeHead(302, { location: '/loop' }).end();
      case '/slow': res.writeHead(200, { 'content-type': 'text/plain' }); res.write('partial'); return; // never ends
      default: return json(404, { error: 'not found' });
    }
  };
}

let main: Awaited<ReturnType<typeof startServer>>;
let other: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  const otherUrl = { url: '' };
  other = await startServer(routes(otherUrl));
  main = await startServer(routes(other));
  otherUrl.url = main.url;
});
afterAll(async () => { await main.close(); await other.close(); });

const implementations = [['global fetch', (input: string, init?: RequestInit) => fetch(input, init)], ['pooledFetch', pooledFetch]] as const;

// The same expectations for both: pooledFetch is a drop-in transport for API calls.
describe.each(implementations)('%s', (_name, fetchImpl) => {
  it('sends method, headers and a string body; answers status, status text, headers and body', async () => {
    const response = await fetchImpl(`${main.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Zoë 🚀"}' });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-twice')).toBe('a');
    expect(await response.json()).toEqual({ method: 'POST', body: '{"name":"Zoë 🚀"}', type: 'application/json' });
    expect(main.seen.at(-1)?.headers['content-length']).toBe(String(Buffer.byteLength('{"name":"Zoë 🚀"}')));
  });

  it('sends a bytes body as it is', async () => {
    const bytes = new TextEncoder().encode('{"n":1}');
    const response = await fetchImpl(`${main.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(await response.json()).toMatchObject({ body: '{"n":1}' });
  });

  it('keeps the status text and repeated headers', async () => {
    const response = await fetchImpl(`${main.url}/created`);
    expect([response.status, response.statusText, await response.text()]).toEqual([201, 'Made It', 'done']);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('gives no body for a 204', async () => {
    const response = await fetchImpl(`${main.url}/empty`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('decodes a gzip answer, and deflate zlib-wrapped or raw', async () => {
    expect(await (await fetchImpl(`${main.url}/gzip`)).json()).toEqual({ ok: true, text: 'Grüße 👋' });
    expect(await (await fetchImpl(`${main.url}/deflate`)).json()).toEqual({ ok: 'zlib' });
    expect(await (await fetchImpl(`${main.url}/raw-deflate`)).json()).toEqual({ ok: 'raw' });
  });

  it('reads an empty gzip answer as empty', async () => {
    const response = await fetchImpl(`${main.url}/empty-gzip`, { method: 'POST', body: '{}' });
    expect([response.status, await response.text()]).toEqual([200, '']);
  });

  it.each([[301, 'GET', ''], [302, 'GET', ''], [303, 'GET', ''], [307, 'POST', 'payload'], [308, 'POST', 'payload']])(
    'follows a %i after a POST as fetch does (%s)', async (status, method, body) => {
      const response = await fetchImpl(`${main.url}/redirect?${status}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'payload' });
      expect(await response.json()).toEqual({ method, body, type: method === 'POST' ? 'text/plain' : null });
    });

  it('returns the redirect itself with redirect: manual', async () => {
    const response = await fetchImpl(`${main.url}/redirect?302`, { method: 'POST', body: 'payload', redirect: 'manual' });
    expect([response.status, response.headers.get('location')]).toEqual([302, '/echo']);
    expect(main.seen.at(-1)?.path).toBe('/redirect?302');
  });

  it('drops the Authorization header on a redirect to another origin', async () => {
    const response = await fetchImpl(`${main.url}/away`, { method: 'POST', headers: { authorization: 'Bearer secret' }, body: 'kept' });
    expect(await response.json()).toEqual({ authorization: null, method: 'POST', body: 'kept' });
  });

  it('fails a redirect loop with a TypeError', async () => {
    await expect(fetchImpl(`${main.url}/loop`)).rejects.toThrow(TypeError);
  });

  it('fails an unreachable server with a TypeError whose cause names the error', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const error = await fetchImpl(`${closed.url}/echo`).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(fetchFailureReason(error)).toBe('network error (ECONNREFUSED)');
  });

  it('rejects with the signal\'s reason when it fires during the body', async () => {
    const error = await fetchImpl(`${main.url}/slow`, { signal: AbortSignal.timeout(100) }).then((r) => r.text()).then(() => undefined, (e: unknown) => e);
    expect(fetchFailureReason(error)).toBe('timed out');
  });

  it('sends FormData as multipart', async () => {
    const form = new FormData();
    form.set('chat_id', '42');
    const response = await fetchImpl(`${main.url}/echo`, { method: 'POST', body: form });
    const echoed = await response.json() as { type: string; body: string };
    expect(echoed.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(echoed.body).toContain('name="chat_id"\r\n\r\n42');
  });
});

describe('pooledFetch', () => {
  it('does not send on a kept connection idle for over 4 s, which a server may have dropped without a word', async () => {
    // A server that sends no Keep-Alive hint and resets a connection used again after 1.5 s idle.
    const lastUse = new WeakMap<Socket, number>();
    let connections = 0;
    const tcp = createTcpServer((socket) => {
      connections += 1;
      socket.on('data', () => {
        const last = lastUse.get(socket);
        if (last !== undefined && Date.now() - last > 1500) return socket.resetAndDestroy();
        lastUse.set(socket, Date.now());
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
      });
    });
    tcp.listen(0, '127.0.0.1');
    await once(tcp, 'listening');
    const url = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}/send`;
    try {
      expect(await (await pooledFetch(url, { method: 'POST', body: 'a' })).text()).toBe('ok');
      await sleep(4_500);
      expect(await (await pooledFetch(url, { method: 'POST', body: 'b' })).text()).toBe('ok');
      expect(connections).toBe(2);
    } finally {
      tcp.close();
    }
  }, 10_000);

  it('refuses an answer over its limit, sent or inflated, instead of holding it', async () => {
    for (const path of ['/huge', '/gzip-bomb']) {
      const error = await pooledFetch(`${main.url}${path}`).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
    }
    expect(await (await pooledFetch(`${main.url}/echo`, { method: 'POST', body: 'still fine' })).json()).toMatchObject({ body: 'still fine' });
  });

  it('carries sequential calls over one kept-alive connection', async () => {
    const before = main.connections();
    for (let i = 0; i < 5; i++) await (await pooledFetch(`${main.url}/echo`, { method: 'POST', body: String(i) })).text();
    expect(main.connections() - before).toBeLessThanOrEqual(1);
    expect(new Set(main.seen.slice(-5).map((seen) => seen.connection)).size).toBe(1);
  });

  it('serves apiFetch (ofetch): JSON in and out, an error status as an answer', async () => {
    const answer = await apiFetch.raw<{ body: string }>(`${main.url}/echo`, { method: 'POST', body: { a: 'ü' }, retry: 0 });
    expect(answer._data?.body).toBe('{"a":"ü"}');
    const missing = await apiFetch.raw(`${main.url}/nowhere`, { ignoreResponseError: true, retry: 0 });
    expect(missing.status).toBe(404);
  });
});
