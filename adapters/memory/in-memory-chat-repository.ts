import type { ChatFilter, ChatRepository } from '../../application/ports/chat-repository.ts';
import type { Keyset } from '../../application/ports/pagination.ts';
import type { Chat } from '../../domain/chat.ts';
import { notFound } from '../../domain/errors.ts';
import { copyOf, type MemoryState } from './memory-state.ts';

/** Chats in memory, held to the chat repository contract. */
export const createInMemoryChatRepository = (state: MemoryState): ChatRepository => ({
  async findOpenOrOpen(channelId, contactId, open) {
    const existing = [...state.chats.values()].find((c) => c.channelId === channelId && c.contactId === contactId && c.isOpen);
    if (existing) return { chat: copyOf(existing), created: false };
    const chat = open();
    state.chats.set(chat.id, copyOf(chat));
    return { chat, created: true };
  },
  async find(id) {
    const chat = state.chats.get(id);
    return chat && copyOf(chat);
  },
  async get(id) {
    const chat = await this.find(id);
    if (!chat) throw notFound('chat', id);
    return chat;
  },
  async recordIncoming(id, sentAt) {
    const chat = state.chats.get(id);
    if (!chat) throw notFound('chat', id);
    chat.recordIncoming(sentAt);
  },
  async list(filter, page) {
    return [...state.chats.values()]
      .filter((chat) => matches(chat, filter) && isAfter(chat, page.after))
      .sort(newestFirst)
      .slice(0, page.limit)
      .map(copyOf);
  },
  async chatIdsOfContact(contactId, channelId) {
    return [...state.chats.values()]
      .filter((c) => c.contactId === contactId && (!channelId || c.channelId === channelId))
      .map((c) => c.id);
  },
  async save(chat) {
    state.chats.set(chat.id, copyOf(chat));
  },
});

function matches(chat: Chat, filter: ChatFilter): boolean {
  if (filter.status && chat.status !== filter.status) return false;
  if (filter.queueId && chat.queueId !== filter.queueId) return false;
  if (filter.agentId && chat.agentId !== filter.agentId) return false;
  const viewer = filter.visibleTo;
  return !viewer || chat.agentId === viewer.agentId || viewer.queueIds.includes(chat.queueId);
}

const isAfter = (chat: Chat, after: Keyset | undefined) =>
  !after || chat.lastMessageAt < after.at || (chat.lastMessageAt.getTime() === after.at.getTime() && chat.id < after.id);

const newestFirst = (a: Chat, b: Chat) =>
  b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
