import { DomainError } from './errors.ts';
import type { AgentId, ChannelId, ChatId, ContactId, QueueId } from './ids.ts';

export const CHAT_STATUSES = ['new', 'active', 'completed'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];

/** One conversation of one contact on one channel: waits in a queue, is owned by an agent, ends. */
export class Chat {
  readonly id: ChatId;
  readonly channelId: ChannelId;
  readonly contactId: ContactId;
  queueId: QueueId;
  agentId: AgentId | null = null;
  status: ChatStatus = 'new';
  createdAt: Date;
  lastMessageAt: Date;
  unreadCount = 0;
  completedAt: Date | null = null;

  constructor(init: { id: ChatId; channelId: ChannelId; contactId: ContactId; queueId: QueueId; createdAt: Date }) {
    this.id = init.id;
    this.channelId = init.channelId;
    this.contactId = init.contactId;
    this.queueId = init.queueId;
    this.createdAt = init.createdAt;
    this.lastMessageAt = init.createdAt;
  }

  get isOpen(): boolean {
    return this.status !== 'completed';
  }

  /** An agent takes the waiting chat. */
  accept(agentId: AgentId): void {
    if (this.status !== 'new') throw notWaiting(this);
    this.status = 'active';
    this.agentId = agentId;
  }

  /** Hands an open chat to another agent (it stays active) or back to a queue (it waits again). */
  transfer(to: { agentId: AgentId } | { queueId: QueueId }): void {
    this.assertOpen();
    if ('agentId' in to && this.status === 'active' && to.agentId === this.agentId) {
      throw new DomainError('invalid', 'TRANSFER_TO_OWNER', `chat ${this.id} is already assigned to agent ${to.agentId}`);
    }
    if ('queueId' in to && this.status === 'new' && to.queueId === this.queueId) {
      throw new DomainError('invalid', 'ALREADY_IN_QUEUE', `chat ${this.id} is already waiting in queue ${to.queueId}`);
    }
    if ('agentId' in to) {
      this.status = 'active';
      this.agentId = to.agentId;
      return;
    }
    this.status = 'new';
    this.agentId = null;
    this.queueId = to.queueId;
  }

  /** Sends an active chat back to wait in its queue, unassigned (its agent went offline). */
  requeue(): void {
    if (this.status !== 'active') throw new DomainError('conflict', 'CHAT_NOT_ACTIVE', `chat ${this.id} is ${this.status}, not active`);
    this.status = 'new';
    this.agentId = null;
  }

  complete(at: Date): void {
    this.assertOpen();
    this.status = 'completed';
    this.completedAt = at;
  }

  /** Counts a message in; sentAt of out-of-order deliveries never moves lastMessageAt back. */
  recordIncoming(sentAt: Date): void {
    if (sentAt > this.lastMessageAt) this.lastMessageAt = sentAt;
    this.unreadCount += 1;
  }

  /** A reply moves the chat's activity on too (never back), without counting as unread. */
  recordOutgoing(at: Date): void {
    if (at > this.lastMessageAt) this.lastMessageAt = at;
  }

  markRead(): void {
    this.unreadCount = 0;
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new DomainError('conflict', 'CHAT_COMPLETED', `chat ${this.id} is completed`);
  }
}

const notWaiting = (chat: Chat) =>
  new DomainError('conflict', 'CHAT_NOT_WAITING', `chat ${chat.id} is ${chat.status}, not waiting in a queue`);
