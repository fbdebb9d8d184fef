import type { Attachment } from '../../domain/attachment.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ChatId, MessageId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import { DELIVER_MESSAGE } from '../jobs/kinds.ts';
import type { Stores } from '../ports/transaction.ts';

// The outgoing queue of a chat has one delivery job at a time, always for its oldest queued message:
// a send starts the job only when nothing is queued ahead; a finished delivery starts the next one.
// So a message never overtakes the one before it, however long that one waits for a rate limit,
// and waiting costs the message behind it no attempts (it has no job yet).

/** How often a delivery is tried before its message is recorded as failed with the last reason. */
export const DELIVERY_ATTEMPTS = 10;

/** Why a new message cannot go to a completed chat. */
export const chatCompleted = (chatId: ChatId): DomainError => new DomainError('conflict', 'CHAT_COMPLETED', `chat ${chatId} is completed`);

/**
 * Stores a new outgoing message at the end of its chat's queue (built under the queue's lock, so ids
 * follow the order of commits) and starts its delivery when it is first in line.
 */
export async function enqueueOutgoing(
  stores: Stores, chatId: ChatId, build: () => { message: Message; attachments: readonly Attachment[] },
): Promise<{ message: Message; created: boolean }> {
  await stores.messages.lockOutgoing(chatId);
  const ahead = await stores.messages.oldestQueuedInChat(chatId);
  const { message, attachments } = build();
  const stored = await stores.messages.insertIfAbsent(message, attachments);
  if (stored.created && !ahead) await startDelivery(stores, message.id);
  return stored;
}

/** After the queue's first message left `queued` (sent or failed): starts the delivery of the next one. */
export async function startNextDelivery(stores: Stores, chatId: ChatId): Promise<void> {
  const next = await stores.messages.oldestQueuedInChat(chatId);
  if (next) await startDelivery(stores, next.id);
}

const startDelivery = (stores: Stores, messageId: MessageId) =>
  stores.jobs.enqueue({ kind: DELIVER_MESSAGE, payload: { messageId }, maxAttempts: DELIVERY_ATTEMPTS });
