import { describe, expect, it } from 'vitest';
import { completeChat } from '../../application/chats/complete-chat.ts';
import { routeQueue } from '../../application/routing/route-queue.ts';
import type { Chat } from '../../domain/chat.ts';
import { arrive, createRoutedDeps, seedAgent, seedQueue, stored } from './workplace-fixtures.ts';

const decisionsOf = (deps: ReturnType<typeof createRoutedDeps>, chat: Chat) =>
  deps.transaction.run(({ chats }) => chats.routingDecisionsOf(chat.id));

describe('auto routing on arrival', () => {
  it('gives a new chat to the online agent of the queue with the fewest active chats, recording why', async () => {
    const deps = createRoutedDeps();
    const { queue, channel } = await seedQueue(deps);
    const { agent: busy } = await seedAgent(deps, { name: 'Busy', queues: [queue], capacity: 3 });
    await arrive(deps, channel, 'first');
    const { agent: fresh } = await seedAgent(deps, { name: 'Fresh', queues: [queue], capacity: 3 });
    deps.clock.advance(42_000);
    const chat = await arrive(deps, channel, 'second');
    expect(chat).toMatchObject({ status: 'active', agentId: fresh.id });
    expect(await decisionsOf(deps, chat)).toMatchObject([{ agentId: fresh.id, queueId: queue.id, reason: 'least busy: 0 of 3 active, idle 42 s, among 2 with free capacity' }]);
    expect(deps.events.published).toContainEqual({ type: 'chat.assigned', chatId: chat.id, agentId: fresh.id, queueId: queue.id });
    expect(busy.id).not.toBe(fresh.id);
  });

  it('breaks a tie for the agent idle longest: since coming online, or since its last assignment', async () => {
    const deps = createRoutedDeps();
    const { queue, channel } = await seedQueue(deps);
    const { agent: early, viewer } = await seedAgent(deps, { name: 'Early', queues: [queue] });
    deps.clock.advance(1_000);
    const { agent: late } = await seedAgent(deps, { name: 'Late', queues: [queue] });
    deps.clock.advance(1_000);
    const first = await arrive(deps, channel, 'a');
    expect(first).toMatchObject({ agentId: early.id });
    await completeChat(deps, viewer, { chatId: first.id });
    deps.clock.advance(1_000);
    // Both are free again; Early's idle time restarted with its assignment, after Late came online.
    expect(await arrive(deps, channel, 'b')).toMatchObject({ agentId: late.id });
  });

  it('never exceeds capacity, leaves the rest waiting with the reason, and skips offline and busy agents', async () => {
    const deps = createRoutedDeps();
    const { queue, channel } = await seedQueue(deps);
    const { agent } = await seedAgent(deps, { queues: [queue], capacity: 2 });
    await seedAgent(deps, { name: 'Away', queues: [queue], status: 'offline' });
    await seedAgent(deps, { name: 'Busy', queues: [queue], status: 'busy' });
    const chats = [];
    for (const sender of ['a', 'b', 'c']) chats.push(await arrive(deps, channel, sender));
    expect(chats.map((c) => c.agentId)).toEqual([agent.id, agent.id, null]);
    expect(await decisionsOf(deps, chats[2]!)).toMatchObject([{ agentId: null, reason: 'all 1 online agents are at capacity' }]);
  });

  it('records that a chat of a manual queue waits for an agent to accept it', async () => {
    const deps = createRoutedDeps();
    const { queue, channel } = await seedQueue(deps, 'manual');
    await seedAgent(deps, { queues: [queue] });
    const chat = await arrive(deps, channel, 'a');
    expect(chat).toMatchObject({ status: 'new', agentId: null });
    expect(await decisionsOf(deps, chat)).toMatchObject([{ agentId: null, reason: 'manual queue: waits for an agent to accept it' }]);
  });

  it('records that nobody is online', async () => {
    const deps = createRoutedDeps();
    const { channel } = await seedQueue(deps);
    const chat = await arrive(deps, channel, 'a');
    expect(await decisionsOf(deps, chat)).toMatchObject([{ agentId: null, reason: 'no agent of the queue is online' }]);
  });
});

describe('routing when capacity frees', () => {
  it('serves waiting chats in arrival order when an agent completes one', async () => {
    const deps = createRoutedDeps();
    const { queue, channel } = await seedQueue(deps);
    const { agent, viewer } = await seedAgent(deps, { queues: [queue], capacity: 1 });
    const first = await arrive(deps, channel, 'a');
    const second = await arrive(deps, channel, 'b');
    const third = await arrive(deps, channel, 'c');
    await completeChat(deps, viewer, { chatId: first.id });
    expect(await stored(deps, second)).toMatchObject({ status: 'active', agentId: agent.id });
    expect(await stored(deps, third)).toMatchObject({ status: 'new', agentId: null });
  });

  it('routes nothing in a manual queue, and returns how many it assigned', async () => {
    const deps = createRoutedDeps();
    const { queue, channel } = await seedQueue(deps, 'manual');
    await seedAgent(deps, { queues: [queue] });
    await arrive(deps, channel, 'a');
    expect(await routeQueue(deps, queue.id)).toBe(0);
  });
});
