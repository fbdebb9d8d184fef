import type { ChatFilter, ChatRepository } from '../../application/ports/chat-repository.ts';
import type { Keyset } from '../../application/ports/pagination.ts';
import type { Chat } from '../../domain/chat.ts';
import { notFound } from '../../domain/errors.ts';
import type { AgentId, ChatId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
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
  async recordOutgoing(id, at) {
    const chat = state.chats.get(id);
    if (!chat) throw notFound('chat', id);
    chat.recordOutgoing(at);
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
      .sort(byArrival)
      .map((c) => c.id);
  },
  async save(chat) {
    state.chats.set(chat.id, copyOf(chat));
  },
  // One transaction at a time runs in memory: reading is locking enough.
  async lock(id) {
    return this.get(id);
  },
  async claim(id, agentId) {
    const chat = state.chats.get(id);
    if (chat?.status !== 'new') return undefined;
    chat.accept(agentId);
    return copyOf(chat);
  },
  async waiting(queueId, limit) {
    return [...state.chats.values()].filter((c) => c.queueId === queueId && c.status === 'new').sort(byArrival).slice(0, limit).map(copyOf);
  },
  async activeCounts(agentIds) {
    const counts = new Map<AgentId, number>(agentIds.map((id) => [id, 0]));
    for (const chat of state.chats.values()) {
      if (chat.status === 'active' && chat.agentId && counts.has(chat.agentId)) counts.set(chat.agentId, counts.get(chat.agentId)! + 1);
    }
    return counts;
  },
  async activeOf(agentId) {
    return [...state.chats.values()].filter((c) => c.status === 'active' && c.agentId === agentId).sort(byArrival).map(copyOf);
  },
  async listWithLastMessages(filter, page) {
    const chats = await this.list(filter, page);
    const previews = await this.lastMessages(chats.map((chat) => chat.id));
    return chats.map((chat) => ({ chat, lastMessage: previews.get(chat.id) ?? null }));
  },
  async lastMessages(chatIds) {
    const newest = new Map<ChatId, Message>();
    for (const m of state.messages.values()) {
      const known = newest.get(m.chatId);
      if (chatIds.includes(m.chatId) && (!known || isNewer(m, known))) newest.set(m.chatId, m);
    }
    return new Map([...newest].map(([id, m]) => [id, { text: m.text, type: m.type, direction: m.direction, sentAt: m.sentAt }]));
  },
  async moveToContact(fromContactId, toContactId) {
    const moving = [...state.chats.values()].filter((c) => c.contactId === fromContactId);
    for (const chat of moving) Object.assign(chat, { contactId: toContactId });
    return moving.length;
  },
  async recordTransition(transition) {
    state.transitions.set(transition.id, transition);
  },
  async transitionsOf(chatId) {
    return [...state.transitions.values()].filter((t) => t.chatId === chatId).sort(byTimeThenId);
  },
  async recordRoutingDecision(decision) {
    state.routingDecisions.set(decision.id, decision);
  },
  async routingDecisionsOf(chatId) {
    return [...state.routingDecisions.values()].filter((d) => d.chatId === chatId).sort(byTimeThenId);
  },
});

function matches(chat: Chat, filter: ChatFilter): boolean {
  if (filter.status && chat.status !== filter.status) return false;
  if (filter.queueId && chat.queueId !== filter.queueId) return false;
  if (filter.agentId && chat.agentId !== filter.agentId) return false;
  if (filter.contactId && chat.contactId !== filter.contactId) return false;
  const viewer = filter.visibleTo;
  return !viewer || chat.agentId === viewer.agentId || viewer.queueIds.includes(chat.queueId);
}

const isAfter = (chat: Chat, after: Keyset | undefined) =>
  !after || chat.lastMessageAt < after.at || (chat.lastMessageAt.getTime() === after.at.getTime() && chat.id < after.id);

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const newestFirst = (a: Chat, b: Chat) => b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || compareIds(b.id, a.id);

const byArrival = (a: Chat, b: Chat) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id);

const byTimeThenId = (a: { at: Date; id: string }, b: { at: Date; id: string }) => a.at.getTime() - b.at.getTime() || compareIds(a.id, b.id);

const isNewer = (a: Message, b: Message) => a.sentAt > b.sentAt || (a.sentAt.getTime() === b.sentAt.getTime() && a.id > b.id);
