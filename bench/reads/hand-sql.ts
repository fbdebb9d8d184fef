/**
 * The hand-written SQL for the same pages the service serves: same filter, same order, same limit
 * (a page of 50 and one more row that says whether a next page exists), the columns the views show.
 * One statement per page, as a person would write it with `pg`.
 */

/** A statement and its parameters. */
export interface SqlQuery {
  readonly text: string;
  readonly params: unknown[];
}

/** The page size the samples ask for (the API's default), plus one row that tells if a next page exists. */
export const PAGE = 50;

const CHAT_PAGE = (where: string) => `
select c.id, c.channel_id, c.contact_id, c.queue_id, c.agent_id, c.status, c.created_at, c.last_message_at, c.unread_count,
  lm.text, lm.type, lm.direction, lm.sent_at
from chat c
left join lateral (
  select m.text, m.type, m.direction, m.sent_at from message m where m.chat_id = c.id order by m.sent_at desc, m.id desc limit 1
) lm on true
where ${where}
order by c.last_message_at desc, c.id desc
limit ${PAGE + 1}`;

/** An agent's active chats, newest activity first, each with its newest message. */
export const mineSql = (agentId: string): SqlQuery =>
  ({ text: CHAT_PAGE(`c.agent_id = $1 and c.status = 'active'`), params: [agentId] });

/** A queue's waiting chats. */
export const queueSql = (queueId: string): SqlQuery =>
  ({ text: CHAT_PAGE(`c.queue_id = $1 and c.status = 'new'`), params: [queueId] });

/** Every chat in a status (a supervisor's view). */
export const statusSql = (status: string): SqlQuery => ({ text: CHAT_PAGE(`c.status = $1`), params: [status] });

/**
 * A page of a chat's messages, newest first, after a keyset (or from the newest), with their
 * attachments; only when the agent may see the chat (assigned to it, or in one of its queues).
 */
export function historySql(chatId: string, viewer: { agentId: string; queueIds: string[] }, after?: { at: Date; id: string }): SqlQuery {
  const keyset = after ? 'and (m.sent_at, m.id) < ($4, $5)' : '';
  const text = `
select m.id, m.chat_id, m.direction, m.type, m.text, m.external_id, m.sent_at, m.status, m.error, m.sender_external_id,
  m.agent_id, m.edited_at, m.original_text, m.metadata,
  coalesce((select json_agg(a order by a.id) from attachment a where a.message_id = m.id), '[]') as attachments
from message m
where m.chat_id = $1 ${keyset}
  and exists (select 1 from chat c where c.id = $1 and (c.agent_id = $2 or c.queue_id = any($3::uuid[])))
order by m.sent_at desc, m.id desc
limit ${PAGE + 1}`;
  return { text, params: after ? [chatId, viewer.agentId, viewer.queueIds, after.at, after.id] : [chatId, viewer.agentId, viewer.queueIds] };
}
