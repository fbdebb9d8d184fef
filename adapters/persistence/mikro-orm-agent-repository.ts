import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgentRepository } from '../../application/ports/agent-repository.ts';
import { Agent, type AgentRole } from '../../domain/agent.ts';
import { notFound } from '../../domain/errors.ts';
import type { AgentId, QueueId } from '../../domain/ids.ts';
import { isUuid, saveEntity } from './entity-writes.ts';
import { runStatement } from './read-rows.ts';
import { lockRows } from './row-locks.ts';

/** Agents and their queue memberships (`queue_agent`) in PostgreSQL, for one unit of work. */
export const createMikroOrmAgentRepository = (em: EntityManager): AgentRepository => ({
  async find(id) {
    return isUuid(id) ? ((await em.findOne(Agent, { id })) ?? undefined) : undefined;
  },
  async get(id) {
    const agent = await this.find(id);
    if (!agent) throw notFound('agent', id);
    return agent;
  },
  async findByTokenHash(tokenHash) {
    return (await em.findOne(Agent, { tokenHash })) ?? undefined;
  },
  async findViewerByTokenHash(tokenHash) {
    // One plain statement mapped by hand (pg hands uuid[] over as an array): the ORM's findOne and a second query for the queues cost as much as a whole list page.
    const [row] = await runStatement(em, `select id, role, array(select queue_id from queue_agent where agent_id = agent.id order by queue_id) as queue_ids
      from agent where token_hash = ?`, [tokenHash]);
    return row && { agentId: row.id as AgentId, role: row.role as AgentRole, queueIds: row.queue_ids as QueueId[] };
  },
  async list() {
    return em.find(Agent, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  },
  async save(agent) {
    await saveEntity(em, agent);
  },
  async queueIdsOf(agentId) {
    if (!isUuid(agentId)) return [];
    const rows = await em.execute<{ queue_id: QueueId }[]>('select queue_id from queue_agent where agent_id = ? order by queue_id', [agentId]);
    return rows.map((row) => row.queue_id);
  },
  async setQueueAgents(queueId, agentIds) {
    // Locking the queue row makes concurrent replacements of one queue's agents run one after the other.
    await em.execute('select id from queue where id = ? for update', [queueId]);
    await em.execute('delete from queue_agent where queue_id = ?', [queueId]);
    for (const agentId of new Set(agentIds)) {
      await em.execute('insert into queue_agent (queue_id, agent_id) values (?, ?)', [queueId, agentId]);
    }
  },
  async membersOf(queueId) {
    if (!isUuid(queueId)) return [];
    const rows = await em.execute<{ agent_id: AgentId }[]>('select agent_id from queue_agent where queue_id = ? order by agent_id', [queueId]);
    return rows.map((row) => row.agent_id);
  },
  async memberships() {
    const rows = await em.execute<{ queue_id: QueueId; agent_id: AgentId }[]>('select queue_id, agent_id from queue_agent order by queue_id, agent_id');
    return rows.map((row) => ({ queueId: row.queue_id, agentId: row.agent_id }));
  },
  async lockOnline(ids) {
    // The lock re-checks `status` on the newest row version, so an agent going offline meanwhile is left out.
    return lockRows(em, Agent, 'agent', ids, ` and status = 'online'`);
  },
  async lock(id) {
    const [agent] = await lockRows(em, Agent, 'agent', [id]);
    if (!agent) throw notFound('agent', id);
    return agent;
  },
});
