import type { ChatFilter } from '../../application/ports/chat-repository.ts';
import type { PageRequest } from '../../application/ports/pagination.ts';
import { CHAT_STATUSES, type ChatStatus } from '../../domain/chat.ts';
import { isUuid } from './entity-writes.ts';
import { isValidPage, keysetCondition, limitClause, placeholders } from './keyset.ts';
import { CHAT_COLUMNS } from './read-rows.ts';

/** A statement and its parameters. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * A status as a literal of the SQL text: a partial index (`where status = 'active'`) matches only a
 * literal, never a parameter, should the statement get a generic plan (plan_cache_mode).
 */
function statusLiteral(status: ChatStatus): string {
  if (!CHAT_STATUSES.includes(status)) throw new Error(`not a chat status: ${status}`);
  return `'${status}'`;
}

/**
 * One page of a chat list as one statement: the filter's equalities, then the keyset, newest activity
 * first. Status literals stay in the SQL text, so the partial indexes of migration 0008 match.
 * Undefined when an id in the filter or the keyset cannot match any row.
 */
export function chatListQuery(filter: ChatFilter, page: PageRequest): SqlStatement | undefined {
  const ids = [filter.queueId, filter.agentId, filter.contactId, filter.visibleTo?.agentId].filter((id) => id !== undefined);
  if (!ids.every(isUuid) || !isValidPage(page)) return undefined;
  const where: string[] = ['true'];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => void (where.push(sql), params.push(...values));
  if (filter.status) add(`status = ${statusLiteral(filter.status)}`);
  if (filter.queueId) add('queue_id = ?', filter.queueId);
  if (filter.agentId) add('agent_id = ?', filter.agentId);
  if (filter.contactId) add('contact_id = ?', filter.contactId);
  const visibility = visibilityCondition(filter);
  if (visibility) add(visibility.sql, ...visibility.params);
  const keyset = keysetCondition('last_message_at', page);
  const sql = `select ${CHAT_COLUMNS} from chat where ${where.join(' and ')}${keyset.sql} order by last_message_at desc, id desc${limitClause(page.limit)}`;
  return { sql, params: [...params, ...keyset.params] };
}

/**
 * The page's statement with each chat's newest message beside it: one probe of message_chat_sent_index
 * per chat of the page (the lateral join runs after the limit).
 */
export const withLastMessage = (pageSql: string): string => `select page.*, lm.text as last_text, lm.type as last_type,
  lm.direction as last_direction, lm.sent_at as last_sent_at
from (${pageSql}) page
left join lateral (select text, type, direction, sent_at from message where chat_id = page.id order by sent_at desc, id desc limit 1) lm on true
order by page.last_message_at desc, page.id desc`;

/**
 * An agent sees its own chats and its queues' chats. When the filter already implies it (its own
 * chats, or one of its queues) the condition is left out: an OR would keep the planner off the
 * (queue or agent, last_message_at) indexes.
 */
function visibilityCondition(filter: ChatFilter): SqlStatement | undefined {
  const viewer = filter.visibleTo;
  if (!viewer) return undefined;
  if (filter.agentId !== undefined && filter.agentId === viewer.agentId) return undefined;
  if (filter.queueId !== undefined && viewer.queueIds.includes(filter.queueId)) return undefined;
  const queueIds = viewer.queueIds.filter(isUuid);
  if (queueIds.length === 0) return { sql: 'agent_id = ?', params: [viewer.agentId] };
  return { sql: `(agent_id = ? or queue_id in (${placeholders(queueIds)}))`, params: [viewer.agentId, ...queueIds] };
}
