import type { QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatRepository, MessagePreview } from '../../application/ports/chat-repository.ts';
import type { ChatId } from '../../domain/ids.ts';
import type { MessageDirection, MessageType } from '../../domain/message.ts';
import { RoutingDecision } from '../../domain/routing.ts';
import { ChatTransition } from '../../domain/transition.ts';
import { isUuid } from './entity-writes.ts';
import { placeholders } from './keyset.ts';
import { dates } from './read-rows.ts';

type RecordMethods = Pick<ChatRepository,
  'lastMessages' | 'moveToContact' | 'recordTransition' | 'transitionsOf' | 'recordRoutingDecision' | 'routingDecisionsOf'>;

interface PreviewRow {
  chat_id: ChatId;
  text: string;
  type: MessageType;
  direction: MessageDirection;
  sent_at: Date | string;
}

/** The chat repository's part about what surrounds chats: previews, transitions, routing decisions, contact moves. */
export const chatRecordMethods = (em: EntityManager): RecordMethods => ({
  async lastMessages(chatIds) {
    const ids = [...new Set(chatIds.filter(isUuid))];
    if (ids.length === 0) return new Map();
    // One query for a whole page, one index probe per chat (the newest row of message_chat_sent_index):
    // DISTINCT ON read and sorted every message of the page's chats, thousands for a long chat.
    const rows = await em.execute<PreviewRow[]>(
      `select c.id as chat_id, m.text, m.type, m.direction, m.sent_at from unnest(array[${placeholders(ids)}]::uuid[]) as c (id)
       cross join lateral (select text, type, direction, sent_at from message where chat_id = c.id order by sent_at desc, id desc limit 1) m`, ids);
    const { at } = dates(em);
    return new Map(rows.map((row): [ChatId, MessagePreview] =>
      [row.chat_id, { text: row.text, type: row.type, direction: row.direction, sentAt: at(row.sent_at) }]));
  },
  async moveToContact(fromContactId, toContactId) {
    if (!isUuid(fromContactId) || !isUuid(toContactId)) return 0;
    const result = await em.execute<QueryResult>('update chat set contact_id = ? where contact_id = ?', [toContactId, fromContactId], 'run');
    return result.affectedRows;
  },
  async recordTransition(transition) {
    await em.insert(ChatTransition, transition);
  },
  async transitionsOf(chatId) {
    return isUuid(chatId) ? em.find(ChatTransition, { chatId }, { orderBy: { at: 'asc', id: 'asc' } }) : [];
  },
  async recordRoutingDecision(decision) {
    await em.insert(RoutingDecision, decision);
  },
  async routingDecisionsOf(chatId) {
    return isUuid(chatId) ? em.find(RoutingDecision, { chatId }, { orderBy: { at: 'asc', id: 'asc' } }) : [];
  },
});
