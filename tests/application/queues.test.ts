import { describe, expect, it } from 'vitest';
import { createQueue } from '../../application/queues/create-queue.ts';
import { listQueues } from '../../application/queues/list-queues.ts';
import { setQueueAgents } from '../../application/queues/set-queue-agents.ts';
import { updateQueue } from '../../application/queues/update-queue.ts';
import { arrive, BOOTSTRAP, createRoutedDeps, seedAgent, seedQueue, stored } from './workplace-fixtures.ts';

describe('queues', () => {
  it('creates queues with their rules and lists them with their agents', async () => {
    const deps = createRoutedDeps();
    const night = await createQueue(deps, BOOTSTRAP, { name: 'Night', routing: 'auto', offlinePolicy: 'requeue' });
    const day = await createQueue(deps, BOOTSTRAP, { name: 'Day', routing: 'manual' });
    const { agent } = await seedAgent(deps);
    await setQueueAgents(deps, BOOTSTRAP, { queueId: day.queue.id, agentIds: [agent.id, agent.id] });
    expect((await listQueues(deps, BOOTSTRAP)).map((q) => [q.queue.name, q.queue.routing, q.queue.offlinePolicy, q.agentIds])).toEqual([
      ['Night', 'auto', 'requeue', []], ['Day', 'manual', 'stay', [agent.id]],
    ]);
    expect(night.agentIds).toEqual([]);
  });

  it('routes waiting chats once agents join an automatic queue, or a queue turns automatic', async () => {
    const deps = createRoutedDeps();
    const { queue, channel } = await seedQueue(deps, 'auto');
    const { queue: manual, channel: manualChannel } = await seedQueue(deps, 'manual');
    const { agent } = await seedAgent(deps, { capacity: 5 });
    const [waiting, manualChat] = [await arrive(deps, channel, 'a'), await arrive(deps, manualChannel, 'b')];
    await setQueueAgents(deps, BOOTSTRAP, { queueId: queue.id, agentIds: [agent.id] });
    expect(await stored(deps, waiting)).toMatchObject({ status: 'active', agentId: agent.id });
    await setQueueAgents(deps, BOOTSTRAP, { queueId: manual.id, agentIds: [agent.id] });
    expect(await stored(deps, manualChat)).toMatchObject({ status: 'new' });
    expect(await updateQueue(deps, BOOTSTRAP, { queueId: manual.id, routing: 'auto', name: 'Now auto' })).toMatchObject({ queue: { name: 'Now auto', routing: 'auto' } });
    expect(await stored(deps, manualChat)).toMatchObject({ status: 'active', agentId: agent.id });
  });

  it('refuses unknown queues and agents, and everyone but admins', async () => {
    const deps = createRoutedDeps();
    const { queue } = await seedQueue(deps);
    await expect(setQueueAgents(deps, BOOTSTRAP, { queueId: queue.id, agentIds: [deps.ids.next()] })).rejects.toMatchObject({ code: 'AGENT_NOT_FOUND' });
    await expect(setQueueAgents(deps, BOOTSTRAP, { queueId: deps.ids.next(), agentIds: [] })).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    for (const role of ['agent', 'supervisor'] as const) {
      const { viewer } = await seedAgent(deps, { role });
      await expect(createQueue(deps, viewer, { name: 'X', routing: 'auto' })).rejects.toMatchObject({ code: 'ADMIN_ONLY' });
      await expect(listQueues(deps, viewer)).rejects.toMatchObject({ code: 'ADMIN_ONLY' });
      await expect(setQueueAgents(deps, viewer, { queueId: queue.id, agentIds: [] })).rejects.toMatchObject({ code: 'ADMIN_ONLY' });
      await expect(updateQueue(deps, viewer, { queueId: queue.id, routing: 'manual' })).rejects.toMatchObject({ code: 'ADMIN_ONLY' });
    }
  });
});
