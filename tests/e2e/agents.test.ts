import { describe, expect, it } from 'vitest';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { dataOf } from './requests.ts';
import { openWorkplace, type AgentView } from './workplace.ts';

const AGENT_KEYS = ['id', 'name', 'role', 'status', 'capacity', 'queueIds', 'activeChats'];

// agents.* and operator.* over HTTP: tokens shown once and stored as hashes, rotation and revocation, status.
describe.each(availableTestDatabaseKinds())('agents API on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('creates an agent whose token works at once and is never shown again nor stored', async () => {
    const place = await openWorkplace(db);
    const queue = await place.createQueue('manual');
    const { agent, token, session } = await place.createAgent({ name: 'Ada', role: 'supervisor', capacity: 3, queueIds: [queue.id] });
    expect(token).toMatch(/^sbt_[A-Za-z0-9_-]{40,}$/);
    expect(agent).toMatchObject({ name: 'Ada', role: 'supervisor', status: 'offline', capacity: 3, queueIds: [queue.id], activeChats: 0 });
    for (const key of AGENT_KEYS) expect(agent).toHaveProperty(key);
    expect(dataOf<AgentView>(await session.query('operator.me'))).toMatchObject({ id: agent.id, name: 'Ada', role: 'supervisor' });
    const listed = dataOf<{ items: AgentView[] }>(await place.admin.query('agents.list')).items;
    expect(listed.map((a) => a.id)).toEqual([agent.id]);
    const everything = place.client.transcript.join('\n');
    expect(everything.split(token)).toHaveLength(2);
    const rows = await db.database.orm.em.fork().execute<{ token_hash: string }[]>('select token_hash from agent');
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(everything).not.toContain(rows[0]!.token_hash);
  });

  it('rotates a token (the old one stops working at once) and revokes it', async () => {
    const place = await openWorkplace(db);
    const { agent, token } = await place.createAgent({});
    const rotated = dataOf<{ token: string }>(await place.admin.mutation('agents.rotateToken', { agentId: agent.id }));
    expect(rotated.token).not.toBe(token);
    expect((await place.as(token).query('operator.me')).code).toBe('UNAUTHORIZED');
    expect(dataOf<AgentView>(await place.as(rotated.token).query('operator.me')).id).toBe(agent.id);
    expect(dataOf<AgentView>(await place.admin.mutation('agents.revokeToken', { agentId: agent.id })).id).toBe(agent.id);
    expect((await place.as(rotated.token).query('operator.me')).code).toBe('UNAUTHORIZED');
    expect((await place.admin.mutation('agents.revokeToken', { agentId: '0190a0a0-0000-7000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  it('refuses bad input with BAD_REQUEST and unknown queues with NOT_FOUND', async () => {
    const place = await openWorkplace(db);
    for (const input of [{ name: '', role: 'agent' }, { name: 'X', role: 'boss' }, { name: 'X', role: 'agent', capacity: -1 }, { name: 'X', role: 'agent', capacity: 1.5 }, { name: 'X', role: 'agent', queueIds: ['nope'] }]) {
      expect((await place.admin.mutation('agents.create', input)).code, JSON.stringify(input)).toBe('BAD_REQUEST');
    }
    expect((await place.admin.mutation('agents.create', { name: 'X', role: 'agent', queueIds: ['0190a0a0-0000-7000-8000-000000000000'] })).code).toBe('NOT_FOUND');
    expect(dataOf<{ items: AgentView[] }>(await place.admin.query('agents.list')).items).toEqual([]);
  });

  it('tells the bootstrap admin it is no agent, and lets agents set their status', async () => {
    const place = await openWorkplace(db);
    expect(dataOf<AgentView>(await place.admin.query('operator.me'))).toMatchObject({ id: null, role: 'admin' });
    expect((await place.admin.mutation('operator.setStatus', { status: 'online' })).code).toBe('FORBIDDEN');
    const { session } = await place.createAgent({});
    for (const status of ['online', 'busy', 'offline']) {
      expect(dataOf<AgentView>(await session.mutation('operator.setStatus', { status }))).toMatchObject({ status });
      expect(dataOf<AgentView>(await session.query('operator.me')).status).toBe(status);
    }
    expect((await session.mutation('operator.setStatus', { status: 'away' })).code).toBe('BAD_REQUEST');
    expect(place.loggedErrors).toEqual([]);
  });
});
