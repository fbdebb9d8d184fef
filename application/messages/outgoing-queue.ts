import type { Attachment } from '../../domain/attachment.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ChatId, MessageId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import { DELIVER_MESSAGE } from '../jobs/kinds.ts';
import type { Stores } from '../ports/transaction.ts';

// The outgoing queue of a chat has one delivery job at a time, always for its oldest queued message:
// a send starts the job only when nothing is queued ahead; the message's leaving the queue starts the next one.
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

/**
 * Changes an outgoing message of the chat under its queue's lock and saves it; when the change takes it out of
 * the queue (its delivery recorded, or an echo of the messenger that came first), starts the delivery of the
 * next one. Whichever comes first passes the queue on, once, so the next message gets one delivery job.
 * Resolves to the message and what `change` returned, or undefined when the chat has no such outgoing message.
 */
export async function settleOutgoing<T>(
  stores: Stores, chatId: ChatId, messageId: MessageId, change: (message: Message) => T,
): Promise<{ message: Message; changed: T } | undefined> {
  await stores.messages.lockOutgoing(chatId);
  const message = await stores.messages.find(messageId);
  if (!message || message.chatId !== chatId || message.direction !== 'outgoing') return undefined;
  const wasQueued = message.status === 'queued';
  const changed = change(message);
  await stores.messages.save(message);
  if (wasQueued && message.status !== 'queued') await startNextDelivery(stores, chatId);
  return { message, changed };
}

async function startNextDelivery(stores: Stores, chatId: ChatId): Promise<void> {
  const next = await stores.messages.oldestQueuedInChat(chatId);
  if (next) await startDelivery(stores, next.id);
}

const startDelivery = (stores: Stores, messageId: MessageId) =>
  stores.jobs.enqueue({ kind: DELIVER_MESSAGE, payload: { messageId }, maxAttempts: DELIVERY_ATTEMPTS });
