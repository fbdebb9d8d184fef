import { describe, expect, it, onTestFinished, test } from 'vitest';
import type { Viewer } from '../../application/viewer.ts';
import { Agent, type AgentRole } from '../../domain/agent.ts';
import type { ChatId, QueueId } from '../../domain/ids.ts';
import { hashToken, newApiToken } from '../../adapters/security/tokens.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { openEvents, type Delivered, type SseOptions } from './events-sse.ts';
import { clientOf, createCustomChannel, customMessage, newSecret } from './requests.ts';

type EventData = { id: string; type: string; chatId: string | null; at: string } & Record<string, unknown>;

// The `events` subscription over SSE through the real app: shape, permissions, resuming, shutdown.
describe.each(availableTestDatabaseKinds())('events subscription on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp() {
    const test = await createTestApp(db);
    onTestFinished(() => test.close());
    const client = clientOf(test.app);
    const channel = async () => {
      const secret = newSecret();
      const created = await createCustomChannel(client, { secret });
      const post = async (sender: string) => expect((await client.webhook(created.id, customMessage({ sender }), { secret })).status).toBe(200);
      return { queueId: created.queueId as QueueId, post };
    };
    const open = async (options: SseOptions = {}) => {
      const stream = await openEvents(test.app, options);
      onTestFinished(() => stream.close());
      return stream;
    };
    return { test, a: await channel(), b: await channel(), open };
  }

  it('delivers a webhook\'s events as tracked SSE messages: { id, type, chatId, ...payload, at }', async () => {
    const { a, open } = await setUp();
    const stream = await open();
    expect([stream.status, stream.contentType]).toEqual([200, expect.stringMatching(/^text\/event-stream/)]);
    await a.post('alice');
    const created = await stream.nextEvent<EventData>();
    const received = await stream.nextEvent<EventData>();
    expect(created.data).toMatchObject({ id: created.id, type: 'chat.created', chatId: expect.any(String), queueId: a.queueId, channelId: expect.any(String) });
    expect(received.data).toMatchObject({ id: received.id, type: 'message.received', chatId: created.data.chatId, messageId: expect.any(String) });
    for (const event of [created, received]) expect(new Date(event.data.at).toISOString()).toBe(event.data.at);
    expect(BigInt(received.id!)).toBeGreaterThan(BigInt(created.id!));
  });

  it('shows an agent its queues\' chats and chats assigned to it; supervisors and admins everything; nobody without a token', async () => {
    const { test, a, b, open } = await setUp();
    const agent = await seedAgent(test, 'agent', [a.queueId]);
    const streams = {
      agent: await open({ token: agent.token }),
      agentByParams: await open({ token: null, connectionParams: { token: agent.token } }),
      supervisor: await open({ token: (await seedAgent(test, 'supervisor', [])).token }),
      admin: await open({ token: (await seedAgent(test, 'admin', [])).token }),
      bootstrapAdmin: await open(),
    };
    expect(await (await open({ token: null })).nextErrorCode()).toBe('UNAUTHORIZED');
    expect(await (await open({ token: 'sbt_not-a-token' })).nextErrorCode()).toBe('UNAUTHORIZED');
    expect(await (await open({ token: null, connectionParams: { token: 'sbt_not-a-token' } })).nextErrorCode()).toBe('UNAUTHORIZED');
    await b.post('bob');
    const bobs = await take(streams.supervisor, 2);
    await a.post('alice');
    await assignTo(test, bobs[0]!.data.chatId as ChatId, agent.viewer);
    await b.post('bob');
    await b.post('carol');
    await a.post('dave');
    const everything = [...bobs, ...await take(streams.supervisor, 8)].map(summary);
    expect(everything.map((event) => event.type)).toEqual([
      'chat.created', 'message.received', 'chat.created', 'message.received', 'chat.assigned', 'message.received',
      'chat.created', 'message.received', 'chat.created', 'message.received']);
    for (const stream of [streams.admin, streams.bootstrapAdmin]) expect((await take(stream, 10)).map(summary)).toEqual(everything);
    const visible = [2, 3, 4, 5, 8, 9].map((index) => everything[index]);
    for (const stream of [streams.agent, streams.agentByParams]) expect((await take(stream, 6)).map(summary)).toEqual(visible);
  });

  it('resumes after lastEventId (input or Last-Event-ID header) with exactly what was missed, then goes on live', async () => {
    const { a, open } = await setUp();
    for (const sender of ['s1', 's2', 's3']) await a.post(sender);
    const all = await take(await open({ input: { lastEventId: '0' } }), 6);
    const resumed = await open({ input: { lastEventId: all[1]!.id } });
    expect((await take(resumed, 4)).map(summary)).toEqual(all.slice(2).map(summary));
    await a.post('s4');
    const later = await take(resumed, 2);
    expect(later.map((event) => event.data.type)).toEqual(['chat.created', 'message.received']);
    const byHeader = await open({ headers: { 'last-event-id': all[3]!.id! } });
    expect((await take(byHeader, 4)).map(summary)).toEqual([...all.slice(4), ...later].map(summary));
    for (const lastEventId of ['abc', '-1', '1e3', '9'.repeat(40)]) {
      expect(await (await open({ input: { lastEventId } })).nextErrorCode(), lastEventId).toBe('BAD_REQUEST');
    }
  });

  it('ends open streams with a retryable SERVICE_UNAVAILABLE when the service shuts down', async () => {
    const { test, open } = await setUp();
    const stream = await open();
    test.services.eventFeed.hub.close();
    expect(await stream.nextErrorCode()).toBe('SERVICE_UNAVAILABLE');
    expect(await stream.next()).toBeUndefined();
    expect(test.loggedErrors).toEqual([]);
  });

  it('serves createCaller too: an async iterable of tracked events, only what the viewer may see', async () => {
    const { test, a, b } = await setUp();
    const agent = await seedAgent(test, 'agent', [a.queueId]);
    const events = (await test.caller(agent.viewer).events({}))[Symbol.asyncIterator]();
    await b.post('bob');
    await a.post('alice');
    // A caller gets tRPC's tracked envelopes as they are ([id, data]); only clients see them unwrapped as { id, data }.
    const [id, event] = (await events.next()).value as unknown as [string, EventData];
    expect([id, event]).toEqual([expect.stringMatching(/^\d+$/), expect.objectContaining({ id, type: 'chat.created', queueId: a.queueId })]);
    await events.return?.(undefined);
    await expect(test.caller(null).events({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

/** An agent with a token, stored as agents.create would, serving `queueIds`. */
async function seedAgent(test: TestApp, role: AgentRole, queueIds: QueueId[]): Promise<{ token: string; viewer: Viewer }> {
  const token = newApiToken();
  const agent = new Agent({ id: uuidIds.next(), name: `${role} ${token.slice(-4)}`, role, capacity: 5, createdAt: new Date() });
  agent.useTokenHash(hashToken(token));
  await test.deps.transaction.run(async ({ agents }) => {
    await agents.save(agent);
    for (const queueId of queueIds) await agents.setQueueAgents(queueId, [agent.id]);
  });
  return { token, viewer: { agentId: agent.id, role, queueIds } };
}

/** What chats.accept does: the chat becomes the agent's, and `chat.assigned` is published after the commit. */
async function assignTo(test: TestApp, chatId: ChatId, viewer: Viewer): Promise<void> {
  await test.deps.transaction.run(async ({ chats }) => {
    const chat = await chats.get(chatId);
    chat.accept(viewer.agentId!);
    await chats.save(chat);
  });
  await test.deps.events.publish({ type: 'chat.assigned', chatId, agentId: viewer.agentId! });
}

async function take(stream: { nextEvent<T>(): Promise<Delivered<T>> }, count: number): Promise<Delivered<EventData>[]> {
  const events: Delivered<EventData>[] = [];
  while (events.length < count) events.push(await stream.nextEvent<EventData>());
  return events;
}

const summary = (event: Delivered<EventData>) => ({ id: event.id, type: event.data.type, chatId: event.data.chatId });
