import { expect, it } from 'vitest';
import { acceptChat } from '../../../application/chats/accept-chat.ts';
import { receiveInboundMessage } from '../../../application/inbound/receive-inbound-message.ts';
import { ROUTE_CHAT } from '../../../application/jobs/kinds.ts';
import { routeChat } from '../../../application/jobs/route-chat.ts';
import { runDueJobs } from '../../../application/jobs/run-due-jobs.ts';
import { updateQueue } from '../../../application/queues/update-queue.ts';
import type { Deps } from '../../../application/deps.ts';
import { routeQueue, type RoutingDeps } from '../../../application/routing/route-queue.ts';
import type { Viewer } from '../../../application/viewer.ts';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import type { Channel } from '../../../domain/channel.ts';
import type { AgentId } from '../../../domain/ids.ts';
import { Queue } from '../../../domain/queue.ts';
import { aChannel, anAgent, anInbound, inTransaction, seedChat } from './fixtures.ts';
import { T0, type ContractDb, type OpenContractDb } from './harness.ts';

/** The routing and claim use cases on this store, racing: claims are atomic and capacity holds. */
export function routingRacesContract(open: OpenContractDb): void {
  it('lets exactly one of five agents accepting one chat at once have it; the others get CHAT_NOT_WAITING', () => oneAcceptWins(open));
  it('never gives an agent more chats than its capacity when 12 chats arrive at once', () => capacityHoldsUnderArrivals(open));
  it('never exceeds capacity when 6 routers (as on several instances) serve two queues sharing agents at once', () => capacityHoldsUnderRouters(open));
  it('holds one agent to its capacity when it accepts 5 chats at once', () => capacityHoldsUnderAccepts(open));
  it('routes every chat that opens while its queue turns from manual to automatic routing', () => routesChatsOpenedDuringSwitch(open));
  it('makes a chat opening while its queue is being switched wait for the switch, then sees the new routing', () => arrivalWaitsForSwitch(open));
}

const depsOf = (db: ContractDb): RoutingDeps & Pick<Deps, 'arrivals' | 'providers'> => {
  const events = { publish: async () => {} };
  return { transaction: db.transaction, arrivals: db.arrivals(events), clock: db.clock, ids: uuidIds, events, providers: { find: () => undefined } };
};

/** Three job workers at once (as on several instances) run the routing jobs of the chats that arrived. */
async function routeArrivals(db: ContractDb): Promise<void> {
  const worker = async () => { while ((await runDueJobs(depsOf(db) as Deps, { [ROUTE_CHAT]: routeChat }, { batchSize: 2, leaseMs: 60_000, backoffMs: () => 0 })) > 0); };
  await Promise.all([worker(), worker(), worker()]);
}

async function seedQueueWithAgents(db: ContractDb, routing: 'auto' | 'manual', agents: number, capacity: number) {
  const queue = new Queue({ id: uuidIds.next(), name: 'Race', routing, createdAt: T0 });
  const channel = aChannel(queue.id);
  const seeded = Array.from({ length: agents }, (_, i) => Object.assign(anAgent(`Agent ${i}`), { capacity }));
  for (const agent of seeded) agent.setStatus('online', T0);
  await inTransaction(db, async (stores) => {
    await stores.queues.save(queue);
    await stores.channels.save(channel);
    for (const agent of seeded) await stores.agents.save(agent);
    await stores.agents.setQueueAgents(queue.id, seeded.map((a) => a.id));
  });
  const viewers: Viewer[] = seeded.map((a) => ({ agentId: a.id, role: 'agent', queueIds: [queue.id] }));
  return { queue, channel, agentIds: seeded.map((a) => a.id), viewers };
}

const activeCounts = (db: ContractDb, agentIds: AgentId[]) => inTransaction(db, ({ chats }) => chats.activeCounts(agentIds));

async function oneAcceptWins(open: OpenContractDb): Promise<void> {
  const db = await open();
  const { channel, viewers } = await seedQueueWithAgents(db, 'manual', 5, 3);
  const chat = await seedChat(db, channel, '42');
  const results = await Promise.allSettled(viewers.map((viewer) => acceptChat(depsOf(db), viewer, { chatId: chat.id })));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const losers = results.filter((r) => r.status === 'rejected').map((r) => r.reason as { code: string });
  expect(losers.map((e) => e.code)).toEqual(Array(4).fill('CHAT_NOT_WAITING'));
  expect(await db.count('chat_transition')).toBe(1);
}

async function arriveAll(db: ContractDb, channel: Channel, senders: number): Promise<void> {
  await Promise.all(Array.from({ length: senders }, (_, i) => receiveInboundMessage(depsOf(db), channel, anInbound(`m-${i}`, `sender-${i}`))));
}

async function capacityHoldsUnderArrivals(open: OpenContractDb): Promise<void> {
  const db = await open();
  const { queue, channel, agentIds } = await seedQueueWithAgents(db, 'auto', 3, 2);
  await arriveAll(db, channel, 12);
  await routeArrivals(db);
  const counts = await activeCounts(db, agentIds);
  expect([...counts.values()]).toEqual([2, 2, 2]);
  expect(await inTransaction(db, ({ chats }) => chats.waiting(queue.id, 100))).toHaveLength(6);
  expect(await db.count('routing_decision')).toBe(12);
}

/**
 * A chat opened in a manual queue gets no routing job; one opened while an admin turns the queue automatic
 * must still be routed: either its arrival sees the switch (and enqueues the job) or the switch waits for
 * the arrival's commit (and routes the chat itself), whichever order the two take.
 */
async function routesChatsOpenedDuringSwitch(open: OpenContractDb): Promise<void> {
  for (const delayMs of [0, 1, 3]) {
    const db = await open();
    const { queue, channel, agentIds } = await seedQueueWithAgents(db, 'manual', 2, 20);
    const admin: Viewer = { agentId: null, role: 'admin', queueIds: [] };
    const turnAutomatic = async () => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await updateQueue(depsOf(db), admin, { queueId: queue.id, routing: 'auto' });
    };
    await Promise.all([arriveAll(db, channel, 10), turnAutomatic()]);
    await routeArrivals(db);
    expect(await inTransaction(db, ({ chats }) => chats.waiting(queue.id, 100)), `switch after ${delayMs} ms`).toEqual([]);
    expect([...(await activeCounts(db, agentIds)).values()].reduce((a, b) => a + b, 0)).toBe(10);
  }
}

async function arrivalWaitsForSwitch(open: OpenContractDb): Promise<void> {
  const db = await open();
  const { queue, channel } = await seedQueueWithAgents(db, 'manual', 1, 5);
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  const switching = db.transaction.run(async ({ queues }) => {
    const locked = await queues.lockToChange(queue.id);
    await held;
    locked.routing = 'auto';
    await queues.save(locked);
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const arriving = receiveInboundMessage(depsOf(db), channel, anInbound('m-1', 'sender-1'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  release();
  await Promise.all([switching, arriving]);
  expect(await db.count('routing_decision')).toBe(0);
  await routeArrivals(db);
  expect(await inTransaction(db, ({ chats }) => chats.waiting(queue.id, 100))).toEqual([]);
}

async function capacityHoldsUnderRouters(open: OpenContractDb): Promise<void> {
  const db = await open();
  // Two queues served by the same agents: only the agents' row locks keep the queues' routers from both filling one agent.
  const first = await seedQueueWithAgents(db, 'manual', 3, 2);
  const second = new Queue({ id: uuidIds.next(), name: 'Second', routing: 'auto', createdAt: T0 });
  const secondChannel = aChannel(second.id, { source: 'bot-2' });
  await inTransaction(db, async ({ queues, channels, agents }) => {
    await queues.save(second);
    await channels.save(secondChannel);
    await agents.setQueueAgents(second.id, first.agentIds);
  });
  for (let i = 0; i < 6; i += 1) await seedChat(db, first.channel, `a-${i}`);
  for (let i = 0; i < 6; i += 1) await seedChat(db, secondChannel, `b-${i}`);
  await inTransaction(db, async ({ queues }) => {
    const auto = await queues.get(first.queue.id);
    auto.routing = 'auto';
    await queues.save(auto);
  });
  const routers = Array.from({ length: 6 }, (_, i) => routeQueue(depsOf(db), i % 2 ? first.queue.id : second.id));
  expect((await Promise.all(routers)).reduce((a, b) => a + b, 0)).toBe(6);
  expect([...(await activeCounts(db, first.agentIds)).values()]).toEqual([2, 2, 2]);
}

async function capacityHoldsUnderAccepts(open: OpenContractDb): Promise<void> {
  const db = await open();
  const { channel, agentIds, viewers } = await seedQueueWithAgents(db, 'manual', 1, 2);
  const chats = [];
  for (let i = 0; i < 5; i += 1) chats.push(await seedChat(db, channel, `s-${i}`));
  const results = await Promise.allSettled(chats.map((chat) => acceptChat(depsOf(db), viewers[0]!, { chatId: chat.id })));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
  expect(results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code)).toEqual(Array(3).fill('AGENT_AT_CAPACITY'));
  expect(Object.fromEntries(await activeCounts(db, agentIds))).toEqual({ [agentIds[0]!]: 2 });
}
