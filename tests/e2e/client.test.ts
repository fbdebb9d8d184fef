import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { TRPCClientError } from '@trpc/client';
import { describe, expect, it, onTestFinished, test } from 'vitest';
import { createSwitchboardClient, FetchEventSource, type FetchEventSourceInit, type SwitchboardClient } from '../../client/index.ts';
import { ADMIN_TOKEN, createTestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, newSecret } from './requests.ts';

type Received = { id: string; data: { id: string; type: string; chatId: string | null } };

/** Values pushed by callbacks, awaited one at a time. */
function inbox<T>() {
  const items: T[] = [];
  let wake = () => {};
  return {
    push: (item: T) => { items.push(item); wake(); },
    async next(): Promise<T> {
      while (items.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
      return items.shift()!;
    },
  };
}

/** A browser's EventSource as far as headers go: it sends none, so the token must travel as connection params. */
class HeaderlessEventSource extends FetchEventSource {
  constructor(url: string, init?: FetchEventSourceInit) {
    super(url, { retryMs: init?.retryMs ?? 10 });
  }
}

// createSwitchboardClient against the real app listening on a local port.
describe.each(availableTestDatabaseKinds())('switchboard client on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp() {
    const test = await createTestApp(db);
    onTestFinished(() => test.close());
    const { server, url } = await listen(test.app.fetch);
    onTestFinished(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    const secret = newSecret();
    const http = clientOf(test.app);
    const channel = await createCustomChannel(http, { secret });
    const post = async (sender: string) => expect((await http.webhook(channel.id, customMessage({ sender }), { secret })).status).toBe(200);
    return { test, server, url, post };
  }

  /** Subscribes to `events`, resolving once the server has registered the subscription. */
  async function follow(client: SwitchboardClient, input: { lastEventId?: string } = {}) {
    const events = inbox<Received>();
    const errors = inbox<TRPCClientError<never>>();
    let started = () => {};
    const ready = new Promise<void>((resolve) => { started = resolve; });
    const subscription = client.events.subscribe(input, {
      onStarted: () => started(), onData: (event) => events.push(event as Received), onError: (error) => errors.push(error as TRPCClientError<never>),
    });
    onTestFinished(() => subscription.unsubscribe());
    return { events, errors, ready };
  }

  it('calls queries through the batch link and receives a webhook\'s events through the subscription', async () => {
    const { url, post } = await setUp();
    const client = createSwitchboardClient({ url, token: ADMIN_TOKEN });
    const { events, ready } = await follow(client);
    await ready;
    await post('alice');
    const [created, received] = [await events.next(), await events.next()];
    expect(created).toMatchObject({ id: created.data.id, data: { type: 'chat.created', chatId: expect.any(String) } });
    expect(received.data).toMatchObject({ type: 'message.received', chatId: created.data.chatId });
    const [chats, history] = await Promise.all([client.chats.list.query({}), client.chats.history.query({ chatId: created.data.chatId! })]);
    expect(chats.items.map((chat) => chat.id)).toEqual([created.data.chatId]);
    expect(history.items.map((message) => message.text)).toEqual(['hello']);
  });

  it('resumes after a dropped connection from the last event id: what was missed, nothing twice', async () => {
    const { url, server, post } = await setUp();
    const client = createSwitchboardClient({ url, token: ADMIN_TOKEN, reconnectMs: 10 });
    const { events, ready } = await follow(client);
    await ready;
    await post('alice');
    const before = [await events.next(), await events.next()];
    server.closeAllConnections();
    await post('bob');
    await post('carol');
    const after = [await events.next(), await events.next(), await events.next(), await events.next()];
    const ids = [...before, ...after].map((event) => BigInt(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(6);
    expect(after.map((event) => event.data.type)).toEqual(['chat.created', 'message.received', 'chat.created', 'message.received']);
  });

  it('sends the token as connection params with a header-less (browser) EventSource', async () => {
    const { url, post } = await setUp();
    const client = createSwitchboardClient({ url, token: ADMIN_TOKEN, EventSource: HeaderlessEventSource as unknown as typeof EventSource });
    const { events, ready } = await follow(client, { lastEventId: '0' });
    await ready;
    await post('alice');
    expect((await events.next()).data.type).toBe('chat.created');
  });

  it('fails with UNAUTHORIZED for a wrong token, on queries and on the subscription', async () => {
    const { url } = await setUp();
    const client = createSwitchboardClient({ url, token: 'sbt_wrong' });
    await expect(client.chats.list.query({})).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    const { errors } = await follow(client);
    expect((await errors.next()).data).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0, overrideGlobalObjects: false }, (info: AddressInfo) => {
      resolve({ server, url: `http://127.0.0.1:${info.port}` });
    }) as Server;
  });
}
