import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { EventHub } from '../../adapters/events/event-hub.ts';
import type { EventLog } from '../../adapters/events/event-log.ts';
import { openEventStream, type EventFeed } from '../../adapters/events/event-stream.ts';
import { eventsSse } from '../../adapters/http/events-sse.ts';
import { createContext, type ApiServices } from '../../adapters/trpc/context.ts';
import { appRouter } from '../../adapters/trpc/router.ts';
import { memoryFeed } from './events-fixtures.ts';

const TOKEN = 'sse-admin-token-0123456789abcdef';
const PING = 'event: ping\ndata: \n\n\n';

// The lean SSE responder of the `events` subscription on a memory log: pings, resuming, refusals, disconnects, failures.
describe.each(['app.request', 'node server'] as const)('events over SSE through %s', (transport) => {
  function setUp(options: { pingMs?: number; failReads?: boolean } = {}) {
    const memory = memoryFeed();
    const hub = countingHub(memory.feed.hub);
    const log: EventLog = options.failReads ? { ...memory.feed.log, read: () => Promise.reject(new Error('log down')) } : memory.feed.log;
    const feed: EventFeed = { log, hub };
    const services = { adminToken: TOKEN, eventFeed: feed } as unknown as ApiServices;
    const logged: unknown[] = [];
    const app = new Hono();
    app.get('/trpc/events', eventsSse({ api: services, logError: (error) => logged.push(error), pingMs: options.pingMs }));
    app.all('/trpc/*', (c) => fetchRequestHandler({ endpoint: '/trpc', req: c.req.raw, router: appRouter, createContext: () => createContext(services, c.req.raw) }));
    const open = async (query = '', headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
      const stream = await openFrames(await fetcherOf(app, transport), `/trpc/events${query}`, headers);
      onTestFinished(stream.close);
      return stream;
    };
    return { ...memory, feed, hub, logged, open };
  }

  it('pings a stream that has nothing to send, and not while events flow', async () => {
    const { seedChat, publish, open } = setUp({ pingMs: 30 });
    const stream = await open();
    expect(await stream.frame()).toMatch(/^event: connected\n/);
    expect([await stream.frame(), await stream.frame()]).toEqual([PING, PING]);
    const chat = await seedChat();
    await publish(chat);
    expect(await stream.frame()).toMatch(/^data: \{.*"type":"message.received".*\}\nid: \d+\n\n\n$/);
    expect(await stream.frame()).toBe(PING);
  });

  it('resumes after the Last-Event-ID header or the input\'s lastEventId with what came after it', async () => {
    const { seedChat, publish, feed, open } = setUp();
    const chat = await seedChat();
    for (let i = 0; i < 3; i += 1) await publish(chat);
    const [first, ...rest] = (await feed.log.read('0', 10)).map((entry) => entry.id);
    const input = `?input=${encodeURIComponent(JSON.stringify({ lastEventId: first }))}`;
    for (const stream of [await open('', { authorization: `Bearer ${TOKEN}`, 'last-event-id': first! }), await open(input)]) {
      await stream.frame();
      expect([idOf(await stream.frame()), idOf(await stream.frame())]).toEqual(rest);
    }
  });

  it('answers a request without a token as tRPC does: connected, then UNAUTHORIZED, and the end', async () => {
    const { open, hub } = setUp();
    const stream = await open('', {});
    expect(stream.status).toBe(200);
    expect(await stream.frame()).toMatch(/^event: connected\n/);
    expect(await stream.frame()).toMatch(/^event: serialized-error\ndata: .*"code":"UNAUTHORIZED".*\n\n\n$/);
    expect(await stream.frame()).toBeUndefined();
    expect(hub.active()).toBe(0);
  });

  it('lets go of the hub when the client disconnects', async () => {
    const { open, hub, seedChat, publish, logged } = setUp();
    const stream = await open();
    await stream.frame();
    expect(hub.active()).toBe(1);
    await stream.close();
    await vi.waitFor(() => expect(hub.active()).toBe(0));
    await publish(await seedChat());
    expect(logged).toEqual([]);
  });

  it('keeps no subscription of a client that left while it was opening', async () => {
    const { feed, hub } = setUp();
    const gone = new AbortController();
    gone.abort();
    const stream = await openEventStream({ log: feed.log, hub }, undefined, undefined, gone.signal);
    expect(hub.active()).toBe(0);
    await stream.return(undefined);
  });

  it('ends with INTERNAL_SERVER_ERROR, and logs it, when the log cannot be read', async () => {
    const { open, logged } = setUp({ failReads: true });
    const stream = await open(`?input=${encodeURIComponent('{"lastEventId":"0"}')}`);
    expect(await stream.frame()).toMatch(/^event: connected\n/);
    expect(await stream.frame()).toMatch(/^event: serialized-error\ndata: .*"message":"Internal server error".*"code":"INTERNAL_SERVER_ERROR"/);
    expect(await stream.frame()).toBeUndefined();
    expect(logged).toHaveLength(1);
  });
});

const idOf = (frame: string | undefined) => /\nid: (\d+)\n/.exec(frame ?? '')?.[1];

/** A hub that counts its subscribers (unsubscribing is idempotent, as the hub's own). */
function countingHub(hub: EventHub): EventHub & { active(): number } {
  let active = 0;
  return {
    ...hub,
    async subscribe(subscriber) {
      const unsubscribe = await hub.subscribe(subscriber);
      active += 1;
      let done = false;
      return () => { if (!done) { done = true; active -= 1; } unsubscribe(); };
    },
    active: () => active,
  };
}

type Fetcher = (path: string, init: RequestInit) => Promise<Response>;

/** Requests to `app`: in-process, or over HTTP to @hono/node-server on a free port (where the responder writes to the socket itself). */
async function fetcherOf(app: Hono, transport: 'app.request' | 'node server'): Promise<Fetcher> {
  if (transport === 'app.request') return async (path, init) => app.request(path, init);
  const server = await new Promise<ServerType>((resolve) => { const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started)); });
  onTestFinished(() => new Promise<void>((resolve) => { (server as Server).closeAllConnections(); server.close(() => resolve()); }));
  const { port } = server.address() as AddressInfo;
  return (path, init) => fetch(`http://127.0.0.1:${port}${path}`, init);
}

/** A stream read frame by frame (tRPC ends each with three newlines); undefined once it ended. */
async function openFrames(fetcher: Fetcher, path: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const response = await fetcher(path, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const frame = async (): Promise<string | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n\n');
      if (end >= 0) { const frame = buffer.slice(0, end + 3); buffer = buffer.slice(end + 3); return frame; }
      const chunk = await reader.read();
      if (chunk.done) return undefined;
      buffer += chunk.value;
    }
  };
  const close = async () => { abort.abort(); await reader.cancel().catch(() => {}); };
  return { status: response.status, frame, close };
}
