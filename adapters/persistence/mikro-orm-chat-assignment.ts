import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatRepository } from '../../application/ports/chat-repository.ts';
import { Chat } from '../../domain/chat.ts';
import { notFound } from '../../domain/errors.ts';
import type { AgentId } from '../../domain/ids.ts';
import { isUuid } from './entity-writes.ts';
import { lockRows } from './row-locks.ts';

type AssignmentMethods = Pick<ChatRepository, 'lock' | 'claim' | 'waiting' | 'activeCounts' | 'activeOf'>;

/**
 * The chat repository's part that routing and claims use: conditional writes and counts, for one unit of work.
 * Statuses are literals of the SQL: statements run on generic plans (session-settings.ts), which use a partial
 * index (`where status = 'new'`) only when the query says the same in its text.
 */
export const chatAssignmentMethods = (em: EntityManager): AssignmentMethods => ({
  async lock(id) {
    const [chat] = await lockRows(em, Chat, 'chat', [id]);
    if (!chat) throw notFound('chat', id);
    return chat;
  },
  async claim(id, agentId) {
    if (!isUuid(id) || !isUuid(agentId)) return undefined;
    // One statement decides: of two concurrent claims, the second finds the row no longer 'new' once the first commits.
    const rows = await em.execute<Record<string, unknown>[]>(
      `update chat set status = 'active', agent_id = ? where id = ? and status = 'new' returning *`, [agentId, id]);
    const row = rows[0];
    return row ? em.map(Chat, row) : undefined;
  },
  async waiting(queueId, limit) {
    if (!isUuid(queueId)) return [];
    const rows = await em.execute<Record<string, unknown>[]>(
      `select * from chat where queue_id = ? and status = 'new' order by created_at, id limit ?`, [queueId, Math.max(0, limit)]);
    return rows.map((row) => em.map(Chat, row));
  },
  async activeCounts(agentIds) {
    const ids = [...new Set(agentIds.filter(isUuid))];
    const counts = new Map<AgentId, number>(agentIds.map((id) => [id, 0]));
    if (ids.length === 0) return counts;
    const rows = await em.execute<{ agent_id: AgentId; n: number }[]>(
      `select agent_id, count(*)::int as n from chat where status = 'active' and agent_id in (${ids.map(() => '?').join(', ')}) group by agent_id`, ids);
    for (const row of rows) counts.set(row.agent_id, row.n);
    return counts;
  },
  async activeOf(agentId) {
    if (!isUuid(agentId)) return [];
    const rows = await em.execute<Record<string, unknown>[]>(
      `select * from chat where agent_id = ? and status = 'active' order by created_at, id`, [agentId]);
    return rows.map((row) => em.map(Chat, row));
  },
});
