import { describe, expect, it } from 'vitest';
import type { SwitchboardEvent } from '../../application/ports/events.ts';
import type { Viewer } from '../../application/viewer.ts';
import type { AgentId } from '../../domain/ids.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { aQueue } from './contracts/fixtures.ts';
import { memoryFeed as setUp, messageIdOf, messageIds, SUPERVISOR, take } from './events-fixtures.ts';

describe('event streams', () => {
  it('deliver what is published after they open, in order, and nothing from before', async () => {
    const { seedChat, publish, open } = setUp();
    const chat = await seedChat();
    await publish(chat);
    const stream = await open();
    const events = [await publish(chat), await publish(chat)];
    expect(messageIds(await take(stream, 2))).toEqual(events.map(messageIdOf));
  });

  it('resume after a lastEventId: what was missed first, then new events, nothing twice', async () => {
    const { feed, seedChat, publish, open } = setUp();
    const chat = await seedChat();
    const live = await open();
    for (let i = 0; i < 3; i += 1) await publish(chat);
    const [first] = await take(live, 1);
    // Appended behind the hub's back: the resumed stream reads it from the log, then the hub hands it over again.
    await feed.log.append({ type: 'chat.completed', chatId: chat.id }, new Date());
    const resumed = await open(SUPERVISOR, first!.id);
    feed.hub.wake();
    await publish(chat);
    const expected = (await feed.log.read(first!.id, 10)).map((entry) => entry.id);
    expect(expected).toHaveLength(4);
    expect((await take(resumed, 4)).map((entry) => entry.id)).toEqual(expected);
    const last = await publish(chat);
    expect(messageIds(await take(resumed, 1))).toEqual([messageIdOf(last)]);
  });

  it('show an agent its queues\' events and those of chats assigned to it elsewhere; a supervisor everything', async () => {
    const { seedChat, publish, open } = setUp();
    const agentId = uuidIds.next<AgentId>();
    const queueId = aQueue().id;
    const agent: Viewer = { agentId, role: 'agent', queueIds: [queueId] };
    const [elsewhere, inQueue, assigned] = [await seedChat(), await seedChat(queueId), await seedChat(undefined, agentId)];
    const [agentStream, supervisorStream] = [await open(agent), await open()];
    const events = [await publish(elsewhere), await publish(inQueue), await publish(assigned), await publish(elsewhere), await publish(inQueue)];
    expect(messageIds(await take(agentStream, 3))).toEqual([events[1], events[2], events[4]].map((e) => messageIdOf(e!)));
    expect(messageIds(await take(supervisorStream, 5))).toEqual(events.map(messageIdOf));
    const replayed = await open(agent, '0');
    expect(messageIds(await take(replayed, 3))).toEqual([events[1], events[2], events[4]].map((e) => messageIdOf(e!)));
  });

  it('end when the hub closes; a closed hub ends new streams at once', async () => {
    const { feed, seedChat, publish, open } = setUp();
    const stream = await open();
    const pending = stream.next();
    feed.hub.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await publish(await seedChat());
    const late = await open();
    expect(await late.next()).toEqual({ done: true, value: undefined });
  });

  it('end when the client goes away', async () => {
    const { open } = setUp();
    const client = new AbortController();
    const stream = await open(SUPERVISOR, undefined, client.signal);
    const pending = stream.next();
    client.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('read from the log what a slow client could not keep waiting, in order, once', async () => {
    const { seedChat, publish, open } = setUp();
    const chat = await seedChat();
    const stream = await open();
    // Waiting for live events when the burst comes, and not reading on after the first one.
    const first = stream.next();
    const events: SwitchboardEvent[] = [];
    for (let i = 0; i < 1_200; i += 1) events.push(await publish(chat));
    expect((await first).value?.payload.messageId).toBe(messageIdOf(events[0]!));
    expect(messageIds(await take(stream, 1_199))).toEqual(events.slice(1).map(messageIdOf));
    const next = await publish(chat);
    expect(messageIds(await take(stream, 1))).toEqual([messageIdOf(next)]);
  });

  it('start at the log\'s end when given an id the log never reached', async () => {
    const { seedChat, publish, open } = setUp();
    const chat = await seedChat();
    await publish(chat);
    const stream = await open(SUPERVISOR, '900000000000');
    const event = await publish(chat);
    expect(messageIds(await take(stream, 1))).toEqual([messageIdOf(event)]);
  });
});

describe('durable publishing', () => {
  it('reports a log that cannot be written, and still tells local listeners', async () => {
    const failure = new Error('database is down');
    const { errors, heard, seedChat, publish } = setUp({ log: (log) => ({ ...log, append: () => Promise.reject(failure) }) });
    const event = await publish(await seedChat());
    expect(errors).toEqual([failure]);
    expect(heard).toEqual([event]);
  });

  it('reads again after a failed read, so nothing is lost', async () => {
    const failure = new Error('connection reset');
    let failures = 1;
    const { errors, seedChat, publish, open } = setUp({
      hubLog: (log) => ({ ...log, read: (...args) => (failures-- > 0 ? Promise.reject(failure) : log.read(...args)) }),
    });
    const chat = await seedChat();
    const stream = await open();
    // The stream has read the (empty) log and waits: the event can only come through the hub.
    const pending = stream.next();
    const event = await publish(chat);
    expect((await pending).value?.payload.messageId).toBe(messageIdOf(event));
    expect(errors).toEqual([failure]);
  });
});
