import type { Attachment } from '../../domain/attachment.ts';
import type { Chat } from '../../domain/chat.ts';
import type { AttachmentId, ChannelId, ChatId, MessageId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import type { PageRequest } from './pagination.ts';

/** A chat (who it is assigned to, and where it waits) and one page of its messages, each with its attachments. */
export interface ChatHistoryPage {
  readonly chat: Pick<Chat, 'id' | 'agentId' | 'queueId'>;
  readonly items: { message: Message; attachments: Attachment[] }[];
}

/** Messages and their attachments. `(channelId, idempotencyKey)` is unique: a redelivery is never a second message. */
export interface MessageRepository {
  findByIdempotencyKey(channelId: ChannelId, key: string): Promise<Message | undefined>;
  /**
   * Stores a message with its attachments unless one with its idempotency key exists;
   * concurrent calls store it once, and every caller gets the stored message.
   */
  insertIfAbsent(message: Message, attachments: readonly Attachment[]): Promise<{ message: Message; created: boolean }>;
  /** A message of the channel by the messenger's id of it (the first, should a messenger reuse ids). */
  findByExternalId(channelId: ChannelId, externalId: string): Promise<Message | undefined>;
  /** Outgoing messages of these chats sent up to `upTo` whose delivery may still move forward (sent, delivered). */
  outgoingAwaitingReceipt(chatIds: readonly ChatId[], upTo: Date): Promise<Message[]>;
  find(id: MessageId): Promise<Message | undefined>;
  /** Throws not_found. */
  get(id: MessageId): Promise<Message>;
  save(message: Message): Promise<void>;
  /** Messages of these chats, newest first (sentAt, then id). */
  history(chatIds: readonly ChatId[], page: PageRequest): Promise<Message[]>;
  attachmentsOf(messageIds: readonly MessageId[]): Promise<Attachment[]>;
  /** A page as `history` gives it, each message with its attachments (as `attachmentsOf`), in one round trip. */
  historyWithAttachments(chatIds: readonly ChatId[], page: PageRequest): Promise<{ message: Message; attachments: Attachment[] }[]>;
  /**
   * One chat with a page of its history as `historyWithAttachments` gives it, in one round trip, so the
   * caller checks who may see the chat without reading it first; undefined when there is no such chat.
   */
  chatHistory(chatId: ChatId, page: PageRequest): Promise<ChatHistoryPage | undefined>;
  /** Throws not_found. */
  getAttachment(id: AttachmentId): Promise<Attachment>;
  saveAttachment(attachment: Attachment): Promise<void>;
  /**
   * Holds the outgoing queue of one chat until the transaction ends: sends and deliveries of the
   * chat that take it run one after another, so "is a message ahead of this one?" has one answer.
   */
  lockOutgoing(chatId: ChatId): Promise<void>;
  /** The chat's outgoing message still `queued` that was queued first (by id: ids are minted in order), if any. */
  oldestQueuedInChat(chatId: ChatId): Promise<Message | undefined>;
}
