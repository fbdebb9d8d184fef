import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageRepository } from '../../application/ports/message-repository.ts';
import type { PageRequest } from '../../application/ports/pagination.ts';
import { Attachment } from '../../domain/attachment.ts';
import { notFound } from '../../domain/errors.ts';
import type { AgentId, ChannelId, ChatId, QueueId } from '../../domain/ids.ts';
import { Message } from '../../domain/message.ts';
import { isUuid, saveEntity } from './entity-writes.ts';
import { chatHistoryQuery, historyQuery, withAttachments } from './history-query.ts';
import { isValidPage, placeholders } from './keyset.ts';
import { ATTACHMENT_COLUMNS, attachmentOf, messageOf, runStatement, type Row } from './read-rows.ts';

/** Messages and attachments in PostgreSQL, for one unit of work. */
export const createMikroOrmMessageRepository = (em: EntityManager): MessageRepository => ({
  async findByIdempotencyKey(channelId, key) {
    return isUuid(channelId) ? ((await em.findOne(Message, { channelId, idempotencyKey: key })) ?? undefined) : undefined;
  },
  async insertIfAbsent(message, attachments) {
    // The (channel_id, idempotency_key) key decides the race: a concurrent insert waits for the winner, then does nothing.
    // A plain copy, because given the entity itself the query builder encodes the JSON metadata twice.
    const result = await em.createQueryBuilder(Message).insert({ ...message }).onConflict().ignore().execute('run');
    if (result.affectedRows === 0) return { message: await storedTwin(em, message.channelId, message.idempotencyKey), created: false };
    em.merge(message);
    if (attachments.length > 0) {
      em.persist([...attachments]);
      await em.flush();
    }
    return { message, created: true };
  },
  async findByExternalId(channelId, externalId) {
    if (!isUuid(channelId)) return undefined;
    return (await em.findOne(Message, { channelId, externalId }, { orderBy: { createdAt: 'asc', id: 'asc' } })) ?? undefined;
  },
  async outgoingAwaitingReceipt(chatIds, upTo) {
    const ids = chatIds.filter(isUuid);
    if (ids.length === 0) return [];
    const where = { chatId: { $in: ids }, direction: 'outgoing', status: { $in: ['sent', 'delivered'] }, sentAt: { $lte: upTo } } as const;
    return em.find(Message, where, { orderBy: { sentAt: 'asc', id: 'asc' } });
  },
  async find(id) {
    return isUuid(id) ? ((await em.findOne(Message, { id })) ?? undefined) : undefined;
  },
  async get(id) {
    const message = await this.find(id);
    if (!message) throw notFound('message', id);
    return message;
  },
  async save(message) {
    await saveEntity(em, message);
  },
  async history(chatIds, page) {
    const ids = chatIds.filter(isUuid);
    if (ids.length === 0 || !isValidPage(page)) return [];
    const query = historyQuery(ids, page);
    return (await runStatement(em, query.sql, query.params)).map(messageOf(em));
  },
  async historyWithAttachments(chatIds, page) {
    const ids = chatIds.filter(isUuid);
    if (ids.length === 0 || !isValidPage(page)) return [];
    const query = historyQuery(ids, page);
    const messageOfRow = messageOf(em);
    const rows = await runStatement(em, withAttachments(query.sql), query.params);
    return rows.map((row) => ({ message: messageOfRow(row), attachments: (row.attachments as Row[]).map(attachmentOf) }));
  },
  async chatHistory(chatId, page) {
    if (!isUuid(chatId)) return undefined;
    // A keyset that cannot be ours still answers the chat (for the caller's checks), with no messages.
    const query = chatHistoryQuery(chatId, isValidPage(page) ? page : { after: undefined, limit: 0 });
    const rows = await runStatement(em, query.sql, query.params);
    const first = rows[0];
    if (!first) return undefined;
    const messageOfRow = messageOf(em);
    const items = rows.filter((row) => row.id !== null).map((row) => ({ message: messageOfRow(row), attachments: (row.attachments as Row[]).map(attachmentOf) }));
    return { chat: { id: chatId, agentId: first.chat_agent_id as AgentId | null, queueId: first.chat_queue_id as QueueId }, items };
  },
  async attachmentsOf(messageIds) {
    const ids = messageIds.filter(isUuid);
    if (ids.length === 0) return [];
    const rows = await runStatement(em, `select ${ATTACHMENT_COLUMNS} from attachment where message_id in (${placeholders(ids)}) order by id`, ids);
    return rows.map(attachmentOf);
  },
  async getAttachment(id) {
    const attachment = isUuid(id) ? await em.findOne(Attachment, { id }) : null;
    if (!attachment) throw notFound('attachment', id);
    return attachment;
  },
  async saveAttachment(attachment) {
    await saveEntity(em, attachment);
  },
  async lockOutgoing(chatId) {
    // A transaction-scoped advisory lock, not a row lock: incoming messages and chat updates never wait for it.
    await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`outgoing:${chatId}`]);
  },
  async oldestQueuedInChat(chatId) {
    if (!isUuid(chatId)) return undefined;
    // The status as a literal, so the generic plan (session-settings.ts) walks the partial index of queued messages.
    const [row] = await em.execute<Record<string, unknown>[]>(
      `select * from message where chat_id = ? and status = 'queued' and direction = 'outgoing' order by id limit 1`, [chatId]);
    return row ? em.map(Message, row) : undefined;
  },
});

/** The message that won the race for this idempotency key (committed, so this statement sees it). */
async function storedTwin(em: EntityManager, channelId: ChannelId, key: string | null): Promise<Message> {
  const stored = key === null ? null : await em.findOne(Message, { channelId, idempotencyKey: key });
  if (!stored) throw new Error(`message ${key} on channel ${channelId} conflicted but cannot be read`);
  return stored;
}
