import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatRepository } from '../../application/ports/chat-repository.ts';
import { Chat } from '../../domain/chat.ts';
import { notFound } from '../../domain/errors.ts';
import type { ChannelId, ChatId, ContactId } from '../../domain/ids.ts';
import { isUuid, saveEntity } from './entity-writes.ts';
import { chatListQuery, withLastMessage } from './chat-list-query.ts';
import { chatAssignmentMethods } from './mikro-orm-chat-assignment.ts';
import { chatRecordMethods } from './mikro-orm-chat-records.ts';
import { CHAT_COLUMNS, chatOf, previewOf, runStatement } from './read-rows.ts';

/** Chats in PostgreSQL, for one unit of work. */
export const createMikroOrmChatRepository = (em: EntityManager): ChatRepository => ({
  ...chatAssignmentMethods(em),
  ...chatRecordMethods(em),
  async findOpenOrOpen(channelId, contactId, open) {
    // Retried because the open chat a lost insert bumped into may be completed before it is read.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const existing = await findOpen(em, channelId, contactId);
      if (existing) return { chat: existing, created: false };
      const chat = open();
      if (await insertIfNoOpenChat(em, chat)) return { chat: em.merge(chat), created: true };
    }
    throw new Error(`chat of contact ${contactId} on channel ${channelId} keeps changing`);
  },
  async find(id) {
    if (!isUuid(id)) return undefined;
    // A read outside a transaction (a send's visibility check, a page's) changes nothing: a plain object from a
    // prepared statement, without the query builder and the unit of work. Inside one, the chat is tracked, for the save that follows.
    if (em.getTransactionContext()) return (await em.findOne(Chat, { id })) ?? undefined;
    const [row] = await runStatement(em, `select ${CHAT_COLUMNS} from chat where id = ?`, [id]);
    return row ? chatOf(em)(row) : undefined;
  },
  async get(id) {
    const chat = await this.find(id);
    if (!chat) throw notFound('chat', id);
    return chat;
  },
  recordIncoming: (id, sentAt) => recordActivity(em, id, sentAt, 1),
  recordOutgoing: (id, at) => recordActivity(em, id, at, 0),
  async list(filter, page) {
    const query = chatListQuery(filter, page);
    return query ? (await runStatement(em, query.sql, query.params)).map(chatOf(em)) : [];
  },
  async listWithLastMessages(filter, page) {
    const query = chatListQuery(filter, page);
    if (!query) return [];
    const chatOfRow = chatOf(em);
    const previewOfRow = previewOf(em);
    return (await runStatement(em, withLastMessage(query.sql), query.params)).map((row) => ({ chat: chatOfRow(row), lastMessage: previewOfRow(row) }));
  },
  async chatIdsOfContact(contactId, channelId) {
    if (!isUuid(contactId) || (channelId !== undefined && !isUuid(channelId))) return [];
    const onChannel = channelId === undefined ? '' : ' and channel_id = ?';
    const rows = await em.execute<{ id: ChatId }[]>(
      `select id from chat where contact_id = ?${onChannel} order by created_at, id`, channelId === undefined ? [contactId] : [contactId, channelId]);
    return rows.map((row) => row.id);
  },
  async save(chat) {
    await saveEntity(em, chat);
  },
});

const findOpen = async (em: EntityManager, channelId: ChannelId, contactId: ContactId) =>
  (await em.findOne(Chat, { channelId, contactId, status: { $ne: 'completed' } })) ?? undefined;

/** Inserts the chat unless the contact has an open one there; the partial unique index decides races. */
async function insertIfNoOpenChat(em: EntityManager, chat: Chat): Promise<boolean> {
  const result = await em.createQueryBuilder(Chat).insert(chat).onConflict().ignore().execute('run');
  return result.affectedRows === 1;
}

/** One atomic update: activity moved forward (never back), `unread` more unread messages. */
async function recordActivity(em: EntityManager, id: ChatId, at: Date, unread: 0 | 1): Promise<void> {
  const rows = isUuid(id) ? await em.execute<Record<string, unknown>[]>(
    `update chat set unread_count = unread_count + ?, last_message_at = greatest(last_message_at, ?)
     where id = ? returning id, unread_count, last_message_at`, [unread, at, id]) : [];
  const row = rows[0];
  if (!row) throw notFound('chat', id);
  // A chat loaded in this unit of work takes the new values, so a later save does not write old ones.
  if (!em.getUnitOfWork().getById(Chat.name, id)) return;
  const data = em.getDriver().mapResult(row, em.getMetadata().get(Chat.name));
  if (data) em.merge(Chat, data, { refresh: false });
}
