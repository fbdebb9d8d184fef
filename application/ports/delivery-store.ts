import type { Attachment } from '../../domain/attachment.ts';
import type { ChatId, MessageId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';

/** What delivering a queued message needs from the store (its channel comes from the channel repository). */
export interface PendingDelivery {
  readonly message: Message;
  /** The contact's id on the message's channel, or undefined when the contact has none there. */
  readonly recipientId: string | undefined;
  readonly attachments: readonly Attachment[];
}

/** A message queued, or the one stored before under its idempotency key (`created` false). */
export interface Queued {
  readonly message: Message;
  readonly attachments: Attachment[];
  readonly created: boolean;
}

/** How a delivery ended, as recorded: accepted by the messenger with its id, or failed for good. */
export type RecordedDelivery =
  | { readonly kind: 'sent'; readonly externalId: string }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * The delivery side of a chat's outgoing queue [Creatio's outgoing message sending]. A chat has one
 * delivery job at a time, always for its oldest queued message; recording its outcome starts the next.
 */
export interface DeliveryStore {
  /**
   * Queues an agent's message at the end of its chat's outgoing queue, in one commit. When the chat's channel
   * has a message under `idempotencyKey` already, that one comes back (whatever chat it is in) and nothing
   * changes. Otherwise, unless the chat is completed (CHAT_COMPLETED), the message is built, under the
   * queue's lock so that ids follow the queue's order, and stored with its attachments; the chat's last
   * activity moves; its delivery starts when nothing is queued ahead of it; and `message.status_changed`
   * (queued) is logged, announced by the time the call resolves.
   */
  enqueue(chatId: ChatId, idempotencyKey: string | null, build: () => { message: Message; attachments: readonly Attachment[] }): Promise<Queued>;
  /**
   * The message with what sending it needs, or undefined when it is no longer `queued` (or gone). When a
   * merged contact has two identities on the channel, the recipient is the one who wrote in the chat last.
   */
  pending(messageId: MessageId): Promise<PendingDelivery | undefined>;
  /**
   * In one commit, under the chat's outgoing queue: the message moves to `sent` (keeping the id an echo of
   * the messenger stored first) or to `failed` with the reason, as far as its status may still move; when
   * this takes the message out of the queue, the delivery of the chat's oldest other queued message starts
   * (an echo that took it out first passed the queue on itself); and `message.status_changed` is logged
   * when the status moved, announced by the time the call resolves.
   */
  record(message: { readonly id: MessageId; readonly chatId: ChatId }, outcome: RecordedDelivery): Promise<void>;
}
