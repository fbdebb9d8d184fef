import { expect, it } from 'vitest';
import { Agent } from '../../../domain/agent.ts';
import type { AgentId, QueueId } from '../../../domain/ids.ts';
import { Queue } from '../../../domain/queue.ts';
import { aQueue, anAgent, inTransaction } from './fixtures.ts';
import { at, T0, type OpenContractDb } from './harness.ts';

/** AgentRepository and QueueRepository parts routing needs: members, online agents under lock, idle time, policies. */
export function agentQueueRoutingContract(open: OpenContractDb): void {
  it('tells the members of a queue and every membership', () => tellsMembers(open));
  it('locks only the online agents asked for, in id order, with their idle time', () => locksOnlineAgents(open));
  it('stores a queue\'s offline policy and locks queues; reports unknown agents and queues', () => storesPolicyAndLocks(open));
}

async function tellsMembers(open: OpenContractDb): Promise<void> {
  const db = await open();
  const [ada, bob] = [anAgent('Ada'), anAgent('Bob')];
  const [first, second] = [aQueue('First'), aQueue('Second')];
  await inTransaction(db, async ({ agents, queues }) => {
    for (const agent of [ada, bob]) await agents.save(agent);
    for (const queue of [first, second]) await queues.save(queue);
    await agents.setQueueAgents(first.id, [ada.id, bob.id]);
    await agents.setQueueAgents(second.id, [bob.id]);
  });
  await inTransaction(db, async ({ agents }) => {
    expect(await agents.membersOf(first.id)).toEqual([ada.id, bob.id].sort());
    expect(await agents.membersOf(second.id)).toEqual([bob.id]);
    expect(await agents.membersOf('q' as QueueId)).toEqual([]);
    const pairs = (await agents.memberships()).map((m) => `${m.queueId}/${m.agentId}`).sort();
    expect(pairs).toEqual([`${first.id}/${ada.id}`, `${first.id}/${bob.id}`, `${second.id}/${bob.id}`].sort());
  });
}

async function locksOnlineAgents(open: OpenContractDb): Promise<void> {
  const db = await open();
  const [ada, bob, cy] = [anAgent('Ada'), anAgent('Bob'), anAgent('Cy')];
  ada.setStatus('online', at(1));
  ada.assigned(at(7));
  cy.setStatus('online', at(2));
  await inTransaction(db, async ({ agents }) => {
    for (const agent of [ada, bob, cy]) await agents.save(agent);
  });
  const locked = await inTransaction(db, ({ agents }) => agents.lockOnline([cy.id, bob.id, ada.id, 'x' as AgentId]));
  expect(locked.map((a) => a.id)).toEqual([ada.id, cy.id].sort());
  expect(locked[0]).toBeInstanceOf(Agent);
  const storedAda = locked.find((a) => a.id === ada.id)!;
  expect(storedAda.lastAssignedAt).toEqual(at(7));
  expect(storedAda.idleSince()).toEqual(at(7));
  expect(locked.find((a) => a.id === cy.id)!.idleSince()).toEqual(at(2));
  expect(await inTransaction(db, ({ agents }) => agents.lockOnline([]))).toEqual([]);
  expect(await inTransaction(db, ({ agents }) => agents.lock(bob.id))).toMatchObject({ id: bob.id, status: 'offline', lastAssignedAt: null });
  await expect(inTransaction(db, ({ agents }) => agents.lock(anAgent().id))).rejects.toMatchObject({ code: 'AGENT_NOT_FOUND' });
}

async function storesPolicyAndLocks(open: OpenContractDb): Promise<void> {
  const db = await open();
  const queue = new Queue({ id: aQueue().id, name: 'Night', routing: 'auto', offlinePolicy: 'requeue', createdAt: T0 });
  const plain = aQueue('Day');
  await inTransaction(db, async ({ queues }) => {
    await queues.save(queue);
    await queues.save(plain);
  });
  const locked = await inTransaction(db, ({ queues }) => queues.lock(queue.id));
  expect(locked).toBeInstanceOf(Queue);
  expect(locked).toMatchObject({ routing: 'auto', offlinePolicy: 'requeue' });
  expect(await inTransaction(db, ({ queues }) => queues.get(plain.id))).toMatchObject({ offlinePolicy: 'stay' });
  await expect(inTransaction(db, ({ queues }) => queues.lock(aQueue().id))).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
  await expect(inTransaction(db, ({ queues }) => queues.lock('nope' as QueueId))).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
  expect(await inTransaction(db, ({ queues }) => queues.lockToChange(queue.id))).toMatchObject({ id: queue.id, routing: 'auto' });
  await expect(inTransaction(db, ({ queues }) => queues.lockToChange(aQueue().id))).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
}
