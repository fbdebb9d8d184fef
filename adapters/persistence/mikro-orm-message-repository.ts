import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageRepository } from '../../application/ports/message-repository.ts';
import { Attachment } from '../../domain/attachment.ts';
import { notFound } from '../../domain/errors.ts';
import type { ChannelId } from '../../domain/ids.ts';
import { Message } from '../../domain/message.ts';
import { isUuid, saveEntity } from './entity-writes.ts';
import { afterKeyset, isValidPage } from './keyset.ts';

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
    const qb = em.createQueryBuilder(Message, 'm').where({ chatId: { $in: ids } });
    return afterKeyset(qb, 'm', 'sent_at', page).orderBy({ sentAt: 'desc', id: 'desc' }).getResultList();
  },
  async attachmentsOf(messageIds) {
    const ids = messageIds.filter(isUuid);
    if (ids.length === 0) return [];
    return em.find(Attachment, { messageId: { $in: ids } }, { orderBy: { id: 'asc' } });
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
    const where = { chatId, direction: 'outgoing', status: 'queued' } as const;
    return (await em.findOne(Message, where, { orderBy: { id: 'asc' } })) ?? undefined;
  },
});

/** The message that won the race for this idempotency key (committed, so this statement sees it). */
async function storedTwin(em: EntityManager, channelId: ChannelId, key: string | null): Promise<Message> {
  const stored = key === null ? null : await em.findOne(Message, { channelId, idempotencyKey: key });
  if (!stored) throw new Error(`message ${key} on channel ${channelId} conflicted but cannot be read`);
  return stored;
}
