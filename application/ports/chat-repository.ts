import type { Chat, ChatStatus } from '../../domain/chat.ts';
import type { AgentId, ChannelId, ChatId, ContactId, QueueId } from '../../domain/ids.ts';
import type { PageRequest } from './pagination.ts';

/** Which chats a list shows; `visibleTo` limits an agent to its queues and its own chats. */
export interface ChatFilter {
  readonly status?: ChatStatus | undefined;
  readonly queueId?: QueueId | undefined;
  readonly agentId?: AgentId | undefined;
  readonly visibleTo?: { readonly agentId: AgentId; readonly queueIds: readonly QueueId[] } | undefined;
}

/** Conversations. At most one open (not completed) chat per (channel, contact). */
export interface ChatRepository {
  /**
   * The open chat of a contact on a channel, opened with `open()` when there is none.
   * Concurrent calls make one chat: the losers get the winner's.
   */
  findOpenOrOpen(channelId: ChannelId, contactId: ContactId, open: () => Chat): Promise<{ chat: Chat; created: boolean }>;
  find(id: ChatId): Promise<Chat | undefined>;
  /** Throws not_found. */
  get(id: ChatId): Promise<Chat>;
  /** Atomically: one more unread message, and lastMessageAt moved forward (never back) to sentAt. */
  recordIncoming(id: ChatId, sentAt: Date): Promise<void>;
  /** Newest activity first (lastMessageAt, then id). */
  list(filter: ChatFilter, page: PageRequest): Promise<Chat[]>;
  /** Every chat of a contact, optionally only on one channel. */
  chatIdsOfContact(contactId: ContactId, channelId?: ChannelId): Promise<ChatId[]>;
  save(chat: Chat): Promise<void>;
}
