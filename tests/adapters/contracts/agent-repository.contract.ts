import { expect, it } from 'vitest';
import { Agent } from '../../../domain/agent.ts';
import type { AgentId } from '../../../domain/ids.ts';
import { aQueue, anAgent, inTransaction } from './fixtures.ts';
import { at, type OpenContractDb } from './harness.ts';

/** AgentRepository: agents, their token hashes, and queue memberships. */
export function agentRepositoryContract(open: OpenContractDb): void {
  it('stores agents, finds them by id and token hash, lists them oldest first', () => storesAndFindsAgents(open));
  it('saves status changes', () => savesStatusChanges(open));
  it('replaces the agents of a queue and tells each agent its queues', () => replacesQueueAgents(open));
  it('tells who holds a token hash: id, role and queues in one read', () => findsViewerByTokenHash(open));
}

async function findsViewerByTokenHash(open: OpenContractDb): Promise<void> {
  const db = await open();
  const [ada, bob] = [anAgent('Ada', 'supervisor'), anAgent('Bob')];
  ada.tokenHash = 'hash-of-ada';
  bob.tokenHash = 'hash-of-bob';
  const [first, second] = [aQueue('First'), aQueue('Second')];
  await inTransaction(db, async ({ agents, queues }) => {
    for (const agent of [ada, bob]) await agents.save(agent);
    for (const queue of [first, second]) await queues.save(queue);
    await agents.setQueueAgents(first.id, [ada.id]);
    await agents.setQueueAgents(second.id, [ada.id]);
  });
  const viewer = await db.transaction.read(({ agents }) => agents.findViewerByTokenHash('hash-of-ada'));
  expect({ ...viewer, queueIds: [...(viewer?.queueIds ?? [])].sort() }).toEqual({ agentId: ada.id, role: 'supervisor', queueIds: [first.id, second.id].sort() });
  expect(await db.transaction.read(({ agents }) => agents.findViewerByTokenHash('hash-of-bob'))).toEqual({ agentId: bob.id, role: 'agent', queueIds: [] });
  expect(await db.transaction.read(({ agents }) => agents.findViewerByTokenHash('unknown'))).toBeUndefined();
}

async function storesAndFindsAgents(open: OpenContractDb): Promise<void> {
  const db = await open();
  const ada = anAgent('Ada', 'admin');
  ada.tokenHash = 'hash-of-ada';
  const bob = anAgent('Bob');
  await inTransaction(db, async ({ agents }) => {
    await agents.save(ada);
    await agents.save(bob);
  });
  await inTransaction(db, async ({ agents }) => {
    expect(await agents.find(ada.id)).toBeInstanceOf(Agent);
    expect(await agents.get(ada.id)).toEqual(ada);
    expect((await agents.findByTokenHash('hash-of-ada'))?.id).toBe(ada.id);
    expect(await agents.findByTokenHash('unknown')).toBeUndefined();
    expect((await agents.list()).map((a) => a.id)).toEqual([ada.id, bob.id].sort());
    expect(await agents.find('agent-1' as AgentId)).toBeUndefined();
    await expect(agents.get(anAgent().id)).rejects.toMatchObject({ code: 'AGENT_NOT_FOUND' });
  });
}

async function savesStatusChanges(open: OpenContractDb): Promise<void> {
  const db = await open();
  const agent = anAgent();
  await inTransaction(db, ({ agents }) => agents.save(agent));
  await inTransaction(db, async ({ agents }) => {
    const stored = await agents.get(agent.id);
    stored.setStatus('online', at(5));
    await agents.save(stored);
  });
  expect(await inTransaction(db, ({ agents }) => agents.get(agent.id))).toMatchObject({ status: 'online', statusChangedAt: at(5) });
}

async function replacesQueueAgents(open: OpenContractDb): Promise<void> {
  const db = await open();
  const [ada, bob] = [anAgent('Ada'), anAgent('Bob')];
  const [first, second] = [aQueue('First'), aQueue('Second')];
  await inTransaction(db, async ({ agents, queues }) => {
    for (const agent of [ada, bob]) await agents.save(agent);
    for (const queue of [first, second]) await queues.save(queue);
    await agents.setQueueAgents(first.id, [ada.id, bob.id]);
    await agents.setQueueAgents(second.id, [ada.id]);
  });
  await inTransaction(db, ({ agents }) => agents.setQueueAgents(first.id, [bob.id]));
  await inTransaction(db, async ({ agents }) => {
    expect(await agents.queueIdsOf(ada.id)).toEqual([second.id]);
    expect((await agents.queueIdsOf(bob.id)).sort()).toEqual([first.id]);
  });
  await inTransaction(db, ({ agents }) => agents.setQueueAgents(second.id, []));
  expect(await inTransaction(db, ({ agents }) => agents.queueIdsOf(ada.id))).toEqual([]);
  expect(await db.count('queue_agent')).toBe(1);
}
