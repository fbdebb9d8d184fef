import type { Attachment } from '../../domain/attachment.ts';
import type { Contact } from '../../domain/contact.ts';
import type { ChannelId, ChatId, ContactIdentityId, MessageId, QueueId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import type { RoutingDecision } from '../../domain/routing.ts';
import type { JobRequest } from './job-queue.ts';

/**
 * When a drafted follow-up job is enqueued: only if its arrival created the contact, opened the chat in a
 * queue that routes automatically, or stored the message.
 */
export type FollowUpCondition = 'contact_created' | 'chat_opened_routed' | 'message_stored';

/** A job drafted with its arrival, enqueued in the same commit when its condition holds. */
export interface FollowUp {
  readonly when: FollowUpCondition;
  readonly job: JobRequest;
}

/**
 * One incoming message with everything drawn ahead to store it. The drafts are used only where the
 * arrival turns out to need them: the contact when the sender is new (or, for its name, by a known
 * contact still under a fallback name), the chat when the contact has no open chat on the channel.
 */
export interface Arrival {
  readonly channelId: ChannelId;
  readonly provider: string;
  /** Where a chat opened by this arrival waits. */
  readonly queueId: QueueId;
  readonly senderExternalId: string;
  readonly contact: Contact;
  readonly identityId: ContactIdentityId;
  readonly chatId: ChatId;
  /** The message (its `chatId` is the drafted chat's; stored under the chat it really goes to). */
  readonly message: Message;
  readonly attachments: readonly Attachment[];
  readonly followUps: readonly FollowUp[];
  /** Recorded when the arrival opens its chat in a queue routed by hand: why the chat waits (no routing job runs for it). */
  readonly manualWait: RoutingDecision;
}

/** What storing one arrival came to. */
export interface ArrivalOutcome {
  /** The stored message: this arrival's, or the one stored before under its idempotency key. */
  readonly messageId: MessageId;
  readonly chatId: ChatId;
  readonly duplicate: boolean;
}

/**
 * Stores incoming messages [Creatio's InternalReceive], all of one call in one commit: each message
 * exactly once per (channel, idempotency key) — a key stored before, or earlier in the same call, is
 * a duplicate that changes nothing — with its sender's contact, the contact's open chat (unread count
 * and last activity moved; a chat opened in a manual queue with its `manualWait` decision, the queue's
 * routing read so that a rule change in progress (QueueRepository.lockToChange) is waited for and seen),
 * its attachments, the follow-ups whose condition holds, and the events
 * `chat.created` and `message.received`, durably logged and announced by the time the call resolves.
 */
export interface ArrivalStore {
  store(arrivals: readonly Arrival[]): Promise<ArrivalOutcome[]>;
}
