import type { Chat, ChatStatus } from '../../domain/chat.ts';
import type { AgentId, ChannelId, ChatId, ContactId, QueueId } from '../../domain/ids.ts';
import type { MessageDirection, MessageType } from '../../domain/message.ts';
import type { RoutingDecision } from '../../domain/routing.ts';
import type { ChatTransition } from '../../domain/transition.ts';
import type { PageRequest } from './pagination.ts';

/** Which chats a list shows; `visibleTo` limits an agent to its queues and its own chats. */
export interface ChatFilter {
  readonly status?: ChatStatus | undefined;
  readonly queueId?: QueueId | undefined;
  readonly agentId?: AgentId | undefined;
  readonly contactId?: ContactId | undefined;
  readonly visibleTo?: { readonly agentId: AgentId; readonly queueIds: readonly QueueId[] } | undefined;
}

/** The newest message of a chat, as a list shows it. */
export interface MessagePreview {
  readonly text: string;
  readonly type: MessageType;
  readonly direction: MessageDirection;
  readonly sentAt: Date;
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
  /** Atomically: lastMessageAt moved forward (never back) to `at`, for a reply; unread stays. */
  recordOutgoing(id: ChatId, at: Date): Promise<void>;
  /** Newest activity first (lastMessageAt, then id). */
  list(filter: ChatFilter, page: PageRequest): Promise<Chat[]>;
  /** A page as `list` gives it, each chat with its newest message (as `lastMessages`), in one round trip. */
  listWithLastMessages(filter: ChatFilter, page: PageRequest): Promise<{ chat: Chat; lastMessage: MessagePreview | null }[]>;
  /** Every chat of a contact, optionally only on one channel. */
  chatIdsOfContact(contactId: ContactId, channelId?: ChannelId): Promise<ChatId[]>;
  save(chat: Chat): Promise<void>;
  /** The chat, locked until the transaction ends, so a change made from what was read cannot undo a concurrent one. Throws not_found. */
  lock(id: ChatId): Promise<Chat>;
  /**
   * Gives a waiting chat to an agent only if it is still waiting, in one conditional write: of two
   * concurrent claims one gets the chat, the other undefined.
   */
  claim(id: ChatId, agentId: AgentId): Promise<Chat | undefined>;
  /** The chats waiting in a queue, in arrival order (createdAt, then id). */
  waiting(queueId: QueueId, limit: number): Promise<Chat[]>;
  /** How many active chats each agent owns (0 for agents without any). */
  activeCounts(agentIds: readonly AgentId[]): Promise<Map<AgentId, number>>;
  /** The active chats an agent owns, oldest first. */
  activeOf(agentId: AgentId): Promise<Chat[]>;
  /** The newest message of each chat (sentAt, then id), in one query; chats without messages are absent. */
  lastMessages(chatIds: readonly ChatId[]): Promise<Map<ChatId, MessagePreview>>;
  /** Moves every chat of one contact to another (a contact merge); returns how many moved. */
  moveToContact(fromContactId: ContactId, toContactId: ContactId): Promise<number>;
  recordTransition(transition: ChatTransition): Promise<void>;
  /** A chat's transitions, oldest first. */
  transitionsOf(chatId: ChatId): Promise<ChatTransition[]>;
  recordRoutingDecision(decision: RoutingDecision): Promise<void>;
  /** A chat's routing decisions, oldest first. */
  routingDecisionsOf(chatId: ChatId): Promise<RoutingDecision[]>;
}
