import type { QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatRepository, MessagePreview } from '../../application/ports/chat-repository.ts';
import type { ChatId } from '../../domain/ids.ts';
import type { MessageDirection, MessageType } from '../../domain/message.ts';
import { RoutingDecision } from '../../domain/routing.ts';
import { ChatTransition } from '../../domain/transition.ts';
import { isUuid } from './entity-writes.ts';

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
    // One query for a whole page: DISTINCT ON keeps the first row per chat, the newest by the history's order.
    const rows = await em.execute<PreviewRow[]>(
      `select distinct on (chat_id) chat_id, text, type, direction, sent_at from message
       where chat_id in (${ids.map(() => '?').join(', ')}) order by chat_id, sent_at desc, id desc`, ids);
    return new Map(rows.map((row): [ChatId, MessagePreview] =>
      [row.chat_id, { text: row.text, type: row.type, direction: row.direction, sentAt: new Date(row.sent_at) }]));
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
