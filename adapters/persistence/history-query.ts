import type { PageRequest } from '../../application/ports/pagination.ts';
import type { ChatId } from '../../domain/ids.ts';
import { keysetCondition, limitClause } from './keyset.ts';
import { attachmentsJsonOf, MESSAGE_COLUMNS } from './read-rows.ts';

/** A statement and its parameters. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * A page of the history of one or more chats, newest first. Several chats (a contact's) are read as one
 * newest-first page per chat, merged: each part walks message_chat_sent_index from the keyset and stops
 * at the limit, where `chat_id in (…)` would read and sort every message of every chat.
 */
export function historyQuery(chatIds: readonly ChatId[], page: PageRequest): SqlStatement {
  const keyset = keysetCondition('sent_at', page);
  const limit = limitClause(page.limit);
  const one = `select ${MESSAGE_COLUMNS} from message where chat_id = ?${keyset.sql} order by sent_at desc, id desc${limit}`;
  if (chatIds.length === 1) return { sql: one, params: [chatIds[0], ...keyset.params] };
  const parts = chatIds.map(() => `(${one})`).join(' union all ');
  return { sql: `select * from (${parts}) page order by sent_at desc, id desc${limit}`, params: chatIds.flatMap((id) => [id, ...keyset.params]) };
}

/** Each message's attachments as a JSON array (oldest id first): one index probe per message of the page. */
const ATTACHMENTS_OF_PAGE = `${attachmentsJsonOf('page.id')} as attachments`;

/** The page's statement with each message's attachments beside it. */
export const withAttachments = (pageSql: string): string =>
  `select page.*, ${ATTACHMENTS_OF_PAGE} from (${pageSql}) page order by page.sent_at desc, page.id desc`;

/**
 * One chat and a page of its messages with their attachments, in one statement: the chat by its key,
 * the page beside it (a lateral join, so a chat without messages, or past its last page, is still one
 * row, with null message columns). Of the chat only what a visibility check reads, as `chat_agent_id`
 * and `chat_queue_id`: every row repeats them.
 */
export function chatHistoryQuery(chatId: ChatId, page: PageRequest): SqlStatement {
  const keyset = keysetCondition('sent_at', page);
  const sql = `select c.agent_id as chat_agent_id, c.queue_id as chat_queue_id, page.*, ${ATTACHMENTS_OF_PAGE}
from chat c
left join lateral (
  select ${MESSAGE_COLUMNS} from message where chat_id = c.id${keyset.sql} order by sent_at desc, id desc${limitClause(page.limit)}
) page on true
where c.id = ?
order by page.sent_at desc, page.id desc`;
  return { sql, params: [...keyset.params, chatId] };
}
