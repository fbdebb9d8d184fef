import { describe, expect, it } from 'vitest';
import type { ApiTokens } from '../../application/agents/api-tokens.ts';
import { createAgent } from '../../application/agents/create-agent.ts';
import { getOperator } from '../../application/agents/get-operator.ts';
import { listAgents } from '../../application/agents/list-agents.ts';
import { revokeAgentToken } from '../../application/agents/revoke-agent-token.ts';
import { rotateAgentToken } from '../../application/agents/rotate-agent-token.ts';
import { setAgentStatus } from '../../application/agents/set-agent-status.ts';
import { arrive, BOOTSTRAP, createRoutedDeps, seedAgent, seedQueue, stored } from './workplace-fixtures.ts';

/** Tokens numbered 1, 2, 3…, hashed by a visible rule, so a test can tell a stored hash from a token. */
function countingTokens(): ApiTokens {
  let n = 0;
  return { issue: () => ({ token: `token-${++n}`, hash: `hash-of-token-${n}` }) };
}

describe('agents and their tokens', () => {
  it('creates an offline agent in its queues with a token shown once: only its hash is stored', async () => {
    const deps = createRoutedDeps();
    const { queue } = await seedQueue(deps);
    const { agent, token } = await createAgent(deps, BOOTSTRAP, { name: 'Ada', role: 'supervisor', queueIds: [queue.id] }, countingTokens());
    expect(token).toBe('token-1');
    expect(agent).toMatchObject({ queueIds: [queue.id], activeChats: 0, agent: { name: 'Ada', role: 'supervisor', status: 'offline', capacity: 5 } });
    expect(deps.state.agents.get(agent.agent.id)?.tokenHash).toBe('hash-of-token-1');
    expect((await listAgents(deps, BOOTSTRAP)).map((a) => a.agent.id)).toEqual([agent.agent.id]);
  });

  it('refuses unknown queues and capacities that are no whole number', async () => {
    const deps = createRoutedDeps();
    const { queue } = await seedQueue(deps);
    await expect(createAgent(deps, BOOTSTRAP, { name: 'Ada', role: 'agent', queueIds: [deps.ids.next()] }, countingTokens())).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    await expect(createAgent(deps, BOOTSTRAP, { name: 'Ada', role: 'agent', capacity: -1 }, countingTokens())).rejects.toMatchObject({ code: 'INVALID_CAPACITY' });
    expect(deps.state.agents.size).toBe(0);
    expect(queue).toBeDefined();
  });

  it('rotates a token (the old hash is gone) and revokes it', async () => {
    const deps = createRoutedDeps();
    const tokens = countingTokens();
    const { agent } = await createAgent(deps, BOOTSTRAP, { name: 'Ada', role: 'agent' }, tokens);
    expect(await rotateAgentToken(deps, BOOTSTRAP, { agentId: agent.agent.id }, tokens)).toEqual({ token: 'token-2' });
    expect(deps.state.agents.get(agent.agent.id)?.tokenHash).toBe('hash-of-token-2');
    await revokeAgentToken(deps, BOOTSTRAP, { agentId: agent.agent.id });
    expect(deps.state.agents.get(agent.agent.id)?.tokenHash).toBeNull();
    await expect(revokeAgentToken(deps, BOOTSTRAP, { agentId: deps.ids.next() })).rejects.toMatchObject({ code: 'AGENT_NOT_FOUND' });
  });

  it('is for admins only: agents and supervisors are refused', async () => {
    const deps = createRoutedDeps();
    for (const role of ['agent', 'supervisor'] as const) {
      const { viewer, agent } = await seedAgent(deps, { role });
      await expect(createAgent(deps, viewer, { name: 'X', role: 'admin' }, countingTokens())).rejects.toMatchObject({ kind: 'forbidden', code: 'ADMIN_ONLY' });
      await expect(listAgents(deps, viewer)).rejects.toMatchObject({ code: 'ADMIN_ONLY' });
      await expect(rotateAgentToken(deps, viewer, { agentId: agent.id }, countingTokens())).rejects.toMatchObject({ code: 'ADMIN_ONLY' });
      await expect(revokeAgentToken(deps, viewer, { agentId: agent.id })).rejects.toMatchObject({ code: 'ADMIN_ONLY' });
    }
  });
});

describe('operator status', () => {
  it('tells the caller who it is; the built-in admin is nobody', async () => {
    const deps = createRoutedDeps();
    const { agent, viewer } = await seedAgent(deps);
    expect(await getOperator(deps, viewer)).toMatchObject({ agent: { id: agent.id }, activeChats: 0 });
    expect(await getOperator(deps, BOOTSTRAP)).toBeNull();
    await expect(setAgentStatus(deps, BOOTSTRAP, { status: 'online' })).rejects.toMatchObject({ kind: 'forbidden', code: 'NOT_AN_AGENT' });
  });

  it('coming online routes the waiting chats of its automatic queues to it', async () => {
    const deps = createRoutedDeps();
    const { queue, channel } = await seedQueue(deps);
    const { agent, viewer } = await seedAgent(deps, { queues: [queue], status: 'offline', capacity: 1 });
    const [first, second] = [await arrive(deps, channel, 'a'), await arrive(deps, channel, 'b')];
    const me = await setAgentStatus(deps, viewer, { status: 'online' });
    expect(me).toMatchObject({ activeChats: 1, agent: { status: 'online' } });
    expect(await stored(deps, first)).toMatchObject({ status: 'active', agentId: agent.id });
    expect(await stored(deps, second)).toMatchObject({ status: 'new' });
    expect(deps.events.published).toContainEqual({ type: 'agent.status_changed', agentId: agent.id, status: 'online' });
  });

  it('going offline keeps the chats of a "stay" queue and sends those of a "requeue" queue to colleagues', async () => {
    const deps = createRoutedDeps();
    const { queue: stay, channel: stayChannel } = await seedQueue(deps, 'auto', 'stay');
    const { queue: requeue, channel: requeueChannel } = await seedQueue(deps, 'auto', 'requeue');
    const { agent, viewer } = await seedAgent(deps, { queues: [stay, requeue] });
    const kept = await arrive(deps, stayChannel, 'a');
    const moved = await arrive(deps, requeueChannel, 'b');
    const { agent: colleague } = await seedAgent(deps, { name: 'Colleague', queues: [requeue] });
    await setAgentStatus(deps, viewer, { status: 'offline' });
    expect(await stored(deps, kept)).toMatchObject({ status: 'active', agentId: agent.id });
    expect(await stored(deps, moved)).toMatchObject({ status: 'active', agentId: colleague.id });
    const transitions = await deps.transaction.run(({ chats }) => chats.transitionsOf(moved.id));
    expect(transitions.map((t) => t.kind)).toEqual(['routed', 'requeued', 'routed']);
    expect(deps.events.published).toContainEqual({ type: 'chat.requeued', chatId: moved.id, queueId: requeue.id, fromAgentId: agent.id });
  });
});
