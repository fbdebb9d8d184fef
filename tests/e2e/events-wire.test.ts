import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createContext, type ApiServices } from '../../adapters/trpc/context.ts';
import { appRouter } from '../../adapters/trpc/router.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { withCustomChannel } from './custom-channel.ts';
import { customMessage } from './requests.ts';

/** What a client read from `GET /trpc/events`: the status, the headers, and the bytes as text. */
interface Wire { readonly status: number; readonly headers: string[]; readonly text: string }

// The lean `events` responder (adapters/http/events-sse.ts) against tRPC's own SSE handler on the same
// services: the same requests must give the same status, headers and bytes, frame for frame.
describe.each(availableTestDatabaseKinds())('events wire format on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp() {
    const test = await withCustomChannel(db);
    const post = async (sender: string) => expect((await test.post(customMessage({ sender }))).status).toBe(200);
    const both = (path: string, headers: Record<string, string>, frames?: number) =>
      Promise.all([read(test.app, path, headers, frames), read(trpcOnly(test.services), path, headers, frames)]);
    return { test, post, both };
  }

  it('sends connected, then each event as tRPC does: same headers, same bytes', async () => {
    const { test, post } = await setUp();
    const streams = [await open(test.app, '/trpc/events', admin), await open(trpcOnly(test.services), '/trpc/events', admin)];
    for (const stream of streams) onTestFinished(stream.close);
    // `connected` comes once the subscription is registered: the webhooks' events reach both.
    for (const stream of streams) await stream.upTo(1);
    await post('alice');
    await post('bob');
    const [lean, trpc] = await Promise.all(streams.map((stream) => stream.upTo(5)));
    expect(lean).toEqual(trpc);
    expect(lean!.text).toMatch(/^event: connected\ndata: \{"reconnectAfterInactivityMs":45000\}\n\n\ndata: \{.*\}\nid: \d+\n\n\n/);
  });

  it('resumes as tRPC does: lastEventId by input, query and Last-Event-ID header (the header wins)', async () => {
    const { post, both } = await setUp();
    for (const sender of ['s1', 's2']) await post(sender);
    const [all] = await both('/trpc/events?input=' + encodeURIComponent('{"lastEventId":"0"}'), admin, 5);
    const first = /id: (\d+)/.exec(all.text)![1]!;
    for (const [path, headers] of [
      [`/trpc/events?input=${encodeURIComponent(JSON.stringify({ lastEventId: first }))}`, admin],
      [`/trpc/events?lastEventId=${first}`, admin],
      ['/trpc/events?input=%7B%22lastEventId%22%3A%220%22%7D', { ...admin, 'last-event-id': first }],
    ] as const) {
      const [lean, trpc] = await both(path, headers, 4);
      expect(lean, path).toEqual(trpc);
      expect(lean.text).not.toContain(`id: ${first}\n`);
    }
  });

  it('answers what cannot open as tRPC does: no or a wrong token, a bad input, a batch, HEAD', async () => {
    const { test, both } = await setUp();
    const cases: [string, Record<string, string>][] = [
      ['/trpc/events', {}],
      ['/trpc/events', { authorization: 'Bearer wrong' }],
      ['/trpc/events?input=' + encodeURIComponent('{"lastEventId":"abc"}'), admin],
      ['/trpc/events?input=%7B', admin],
      ['/trpc/events?input=%22x%22', admin],
      ['/trpc/events?batch=1&input=%7B%7D', admin],
    ];
    for (const [path, headers] of cases) {
      const [lean, trpc] = await both(path, headers);
      expect(lean, path).toEqual(trpc);
      expect(lean.text, path).toMatch(/event: serialized-error|"error"/);
    }
    const head = async (app: Hono) => (await app.request('/trpc/events', { method: 'HEAD', headers: admin })).status;
    expect(await head(test.app)).toBe(await head(trpcOnly(test.services)));
    expect(test.loggedErrors).toEqual([]);
  });

  it('writes the same bytes under @hono/node-server, where it writes to the socket itself', async () => {
    const { test, post } = await setUp();
    const streams = [await open(await listen(test.app), '/trpc/events', admin), await open(await listen(trpcOnly(test.services)), '/trpc/events', admin)];
    for (const stream of streams) onTestFinished(stream.close);
    // `connected` comes once the subscription is registered: the webhook's events reach both.
    for (const stream of streams) await stream.upTo(1);
    await post('alice');
    const [fromLean, fromTrpc] = await Promise.all(streams.map((stream) => stream.upTo(3)));
    expect(fromLean).toEqual({ ...fromTrpc, headers: expect.any(Array) });
    expect(fromLean!.text).toMatch(/^event: connected\n.*\n\n\ndata: .*\nid: \d+\n\n\ndata: /s);
    // Both carry Node's date; the rest must match.
    expect(fromLean!.headers.filter((header) => !header.startsWith('date:'))).toEqual(fromTrpc!.headers.filter((header) => !header.startsWith('date:')));
  });

  it('takes the token from connectionParams, as a browser\'s EventSource sends it', async () => {
    const { both } = await setUp();
    const [lean, trpc] = await both(`/trpc/events?connectionParams=${encodeURIComponent(JSON.stringify({ token: ADMIN_TOKEN }))}`, {}, 1);
    expect(lean).toEqual(trpc);
    expect(lean.text).toMatch(/^event: connected\n/);
  });

  it('ends with the same retryable error as tRPC when the hub closes (shutdown)', async () => {
    const { test } = await setUp();
    const streams = [await open(test.app, '/trpc/events', admin), await open(trpcOnly(test.services), '/trpc/events', admin)];
    // `connected` comes once the subscription is registered with the hub.
    for (const stream of streams) await stream.upTo(1);
    test.services.eventFeed.hub.close();
    const [lean, trpc] = await Promise.all(streams.map((stream) => stream.upTo(Infinity)));
    expect(lean).toEqual(trpc);
    expect(lean!.text).toMatch(/event: serialized-error\ndata: .*"SERVICE_UNAVAILABLE".*\n\n\n$/);
    expect(test.loggedErrors).toEqual([]);
  });
});

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The app before the lean responder: every subscription goes through tRPC's fetch adapter, as app.ts mounted it. */
function trpcOnly(services: ApiServices): Hono {
  const app = new Hono();
  app.all('/trpc/*', (c) => fetchRequestHandler({ endpoint: '/trpc', req: c.req.raw, router: appRouter, createContext: () => createContext(services, c.req.raw) }));
  return app;
}

/** Serves `app` on a free loopback port until the test ends; its base URL. */
async function listen(app: Hono): Promise<string> {
  const server = await new Promise<ServerType>((resolve) => { const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started)); });
  onTestFinished(() => new Promise<void>((resolve) => { (server as Server).closeAllConnections(); server.close(() => resolve()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An open stream: its status and headers, and its text read up to a number of frames (each ends with tRPC's three newlines). */
async function open(app: Hono | string, path: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const init = { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal };
  const response = typeof app === 'string' ? await fetch(app + path, init) : await app.request(path, init);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  /** The text so far, once it holds `frames` frames or the stream ended. */
  const upTo = async (frames: number): Promise<Wire> => {
    while (text.split('\n\n\n').length - 1 < frames) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += chunk.value;
    }
    return { status: response.status, headers: [...response.headers].map(([name, value]) => `${name}: ${value}`).sort(), text };
  };
  const close = async () => { abort.abort(); await reader.cancel().catch(() => {}); };
  return { upTo, close };
}

/** Reads `frames` frames, or to the end of the stream when not given, and closes it. */
async function read(app: Hono | string, path: string, headers: Record<string, string>, frames = Infinity): Promise<Wire> {
  const stream = await open(app, path, headers);
  try {
    return await stream.upTo(frames);
  } finally {
    await stream.close();
  }
}
