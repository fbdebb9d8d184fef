import { DomainError } from './errors.ts';
import type { AgentId, ChannelId, ChatId, MessageId } from './ids.ts';

export const MESSAGE_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const MESSAGE_TYPES = [
  'text', 'image', 'video', 'audio', 'voice', 'file', 'sticker', 'location', 'contact', 'postback', 'unsupported',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Delivery of an outgoing message, in the order it can only move forward; `failed` ends it. */
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const DELIVERY_RANK: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** One message of a chat, incoming from a contact or outgoing from an agent. */
export class Message {
  readonly id: MessageId;
  readonly chatId: ChatId;
  readonly channelId: ChannelId;
  readonly direction: MessageDirection;
  readonly type: MessageType;
  text: string;
  /** The messenger's own id of this message, once known. */
  externalId: string | null;
  /** What makes a redelivery recognisable: unique per channel. */
  readonly idempotencyKey: string | null;
  readonly senderExternalId: string | null;
  readonly agentId: AgentId | null;
  readonly sentAt: Date;
  readonly createdAt: Date;
  status: DeliveryStatus | null;
  error: string | null = null;
  originalText: string | null = null;
  editedAt: Date | null = null;
  /** What the messenger told beyond text: coordinates, a shared contact, a postback payload, an unknown type. */
  metadata: Readonly<Record<string, unknown>> | null = null;

  constructor(init: {
    id: MessageId; chatId: ChatId; channelId: ChannelId; direction: MessageDirection; type: MessageType; text: string;
    externalId: string | null; idempotencyKey: string | null; senderExternalId: string | null; agentId?: AgentId | null;
    sentAt: Date; createdAt: Date;
  }) {
    this.id = init.id;
    this.chatId = init.chatId;
    this.channelId = init.channelId;
    this.direction = init.direction;
    this.type = init.type;
    this.text = init.text;
    this.externalId = init.externalId;
    this.idempotencyKey = init.idempotencyKey;
    this.senderExternalId = init.senderExternalId;
    this.agentId = init.agentId ?? null;
    this.sentAt = init.sentAt;
    this.createdAt = init.createdAt;
    this.status = init.direction === 'outgoing' ? 'queued' : null;
  }

  /** Moves delivery forward only: a late `delivered` never undoes `read`, whatever order receipts arrive in. */
  advanceStatus(next: DeliveryStatus, error?: string): boolean {
    if (this.direction !== 'outgoing' || this.status === null) {
      throw new DomainError('invalid', 'NOT_OUTGOING', `message ${this.id} is incoming and has no delivery status`);
    }
    if (this.status === 'failed') return false;
    // A platform may report failure after accepting a message (WhatsApp: sent, then failed), never after delivery.
    const moves = next === 'failed' ? this.status === 'queued' || this.status === 'sent' : DELIVERY_RANK[next] > DELIVERY_RANK[this.status];
    if (!moves) return false;
    this.status = next;
    this.error = next === 'failed' ? (error ?? 'unknown error') : null;
    return true;
  }

  /** An edit from the messenger: the text changes, the first text is kept; an older edit arriving late is ignored. */
  edit(text: string, at: Date): boolean {
    if (this.editedAt !== null && at <= this.editedAt) return false;
    if (this.originalText === null) this.originalText = this.text;
    this.text = text;
    this.editedAt = at;
    return true;
  }
}
