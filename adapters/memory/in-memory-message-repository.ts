import type { MessageRepository } from '../../application/ports/message-repository.ts';
import type { Keyset } from '../../application/ports/pagination.ts';
import { notFound } from '../../domain/errors.ts';
import type { Message } from '../../domain/message.ts';
import { copyOf, type MemoryState } from './memory-state.ts';

/** Messages and attachments in memory, held to the message repository contract. */
export const createInMemoryMessageRepository = (state: MemoryState): MessageRepository => ({
  async findByIdempotencyKey(channelId, key) {
    const message = [...state.messages.values()].find((m) => m.channelId === channelId && m.idempotencyKey === key);
    return message && copyOf(message);
  },
  async insertIfAbsent(message, attachments) {
    const existing = message.idempotencyKey === null ? undefined : await this.findByIdempotencyKey(message.channelId, message.idempotencyKey);
    if (existing) return { message: existing, created: false };
    state.messages.set(message.id, copyOf(message));
    for (const attachment of attachments) state.attachments.set(attachment.id, copyOf(attachment));
    return { message, created: true };
  },
  async findByExternalId(channelId, externalId) {
    const message = [...state.messages.values()].find((m) => m.channelId === channelId && m.externalId === externalId);
    return message && copyOf(message);
  },
  async outgoingAwaitingReceipt(chatIds, upTo) {
    return [...state.messages.values()]
      .filter((m) => chatIds.includes(m.chatId) && m.direction === 'outgoing' && (m.status === 'sent' || m.status === 'delivered') && m.sentAt <= upTo)
      .map(copyOf);
  },
  async find(id) {
    const message = state.messages.get(id);
    return message && copyOf(message);
  },
  async get(id) {
    const message = await this.find(id);
    if (!message) throw notFound('message', id);
    return message;
  },
  async save(message) {
    state.messages.set(message.id, copyOf(message));
  },
  async history(chatIds, page) {
    return [...state.messages.values()]
      .filter((m) => chatIds.includes(m.chatId) && isAfter(m, page.after))
      .sort(newestFirst)
      .slice(0, page.limit)
      .map(copyOf);
  },
  async historyWithAttachments(chatIds, page) {
    const messages = await this.history(chatIds, page);
    const attachments = await this.attachmentsOf(messages.map((m) => m.id));
    return messages.map((message) => ({ message, attachments: attachments.filter((a) => a.messageId === message.id) }));
  },
  async chatHistory(chatId, page) {
    const chat = state.chats.get(chatId);
    return chat && { chat: { id: chat.id, agentId: chat.agentId, queueId: chat.queueId }, items: await this.historyWithAttachments([chatId], page) };
  },
  async attachmentsOf(messageIds) {
    return [...state.attachments.values()].filter((a) => messageIds.includes(a.messageId)).map(copyOf);
  },
  async getAttachment(id) {
    const attachment = state.attachments.get(id);
    if (!attachment) throw notFound('attachment', id);
    return copyOf(attachment);
  },
  async saveAttachment(attachment) {
    state.attachments.set(attachment.id, copyOf(attachment));
  },
  async lockOutgoing() {
    // Memory transactions already run one at a time (a mutex): nothing to hold.
  },
  async oldestQueuedInChat(chatId) {
    const queued = [...state.messages.values()]
      .filter((m) => m.chatId === chatId && m.direction === 'outgoing' && m.status === 'queued')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return queued[0] && copyOf(queued[0]);
  },
});

const isAfter = (m: Message, after: Keyset | undefined) =>
  !after || m.sentAt < after.at || (m.sentAt.getTime() === after.at.getTime() && m.id < after.id);

const newestFirst = (a: Message, b: Message) =>
  b.sentAt.getTime() - a.sentAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
