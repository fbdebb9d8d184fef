import type { ContactIdentity } from '../../domain/contact.ts';
import type { ChatId, MessageId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import type { DeliveryStore, PendingDelivery, Queued, RecordedDelivery } from '../ports/delivery-store.ts';
import type { Stores } from '../ports/transaction.ts';
import { chatCompleted, enqueueOutgoing, settleOutgoing } from './outgoing-queue.ts';

/**
 * The delivery store over the repositories, on any Transaction (in memory, MikroORM): each write one
 * transaction, then its event published. The SQL store does each in one statement; the contract suite
 * holds both to the same behaviour.
 */
export function createTransactionalDeliveryStore(deps: Pick<Deps, 'transaction' | 'events'>): DeliveryStore {
  return {
    async enqueue(chatId, idempotencyKey, build) {
      const queued = await deps.transaction.run((stores) => enqueueIn(stores, chatId, idempotencyKey, build));
      if (queued.created) await deps.events.publish({ type: 'message.status_changed', chatId, messageId: queued.message.id, status: 'queued' });
      return queued;
    },
    // Reads only (the record locks and reads the message again): no BEGIN/COMMIT round trips.
    pending: (messageId) => deps.transaction.read((stores) => loadPending(stores, messageId)),
    async record(message, outcome) {
      // Nothing is recorded for a message that is gone or not ours (the SQL store's statement matches none).
      const changed = await deps.transaction.run(async (stores) => {
        const settled = await settleOutgoing(stores, message.chatId, message.id, (stored) => recordOn(stored, outcome));
        return settled?.changed ? settled.message : undefined;
      });
      if (changed?.status) await deps.events.publish({ type: 'message.status_changed', chatId: changed.chatId, messageId: changed.id, status: changed.status });
    },
  };
}

async function enqueueIn(stores: Stores, chatId: ChatId, idempotencyKey: string | null, build: Parameters<DeliveryStore['enqueue']>[2]): Promise<Queued> {
  const chat = await stores.chats.get(chatId);
  const known = idempotencyKey === null ? undefined : await stores.messages.findByIdempotencyKey(chat.channelId, idempotencyKey);
  if (known) return { message: known, attachments: await stores.messages.attachmentsOf([known.id]), created: false };
  if (!chat.isOpen) throw chatCompleted(chat.id);
  const stored = await enqueueOutgoing(stores, chat.id, build);
  if (stored.created) await stores.chats.recordOutgoing(chat.id, stored.message.createdAt);
  return { message: stored.message, attachments: await stores.messages.attachmentsOf([stored.message.id]), created: stored.created };
}

async function loadPending(stores: Stores, messageId: MessageId): Promise<PendingDelivery | undefined> {
  const message = await stores.messages.find(messageId);
  if (!message || message.status !== 'queued') return undefined;
  const chat = await stores.chats.get(message.chatId);
  const identities = (await stores.contacts.identitiesOf([chat.contactId])).filter((i) => i.channelId === message.channelId);
  const recipientId = await recipientOf(stores, chat.id, identities);
  return { message, recipientId, attachments: await stores.messages.attachmentsOf([message.id]) };
}

// A merged contact can have two identities on one channel: the one who wrote in this chat is the one to answer.
async function recipientOf(stores: Stores, chatId: ChatId, identities: readonly ContactIdentity[]): Promise<string | undefined> {
  if (identities.length <= 1) return identities[0]?.externalId;
  const recent = await stores.messages.history([chatId], { after: undefined, limit: 50 });
  const writer = recent.find((m) => m.direction === 'incoming' && identities.some((i) => i.externalId === m.senderExternalId));
  return writer?.senderExternalId ?? identities[0]?.externalId;
}

// An echo of the messenger may have marked it sent already: the move is then no change, and no event.
function recordOn(message: Message, outcome: RecordedDelivery): boolean {
  if (outcome.kind === 'failed') return message.advanceStatus('failed', outcome.reason);
  message.externalId ??= outcome.externalId;
  return message.advanceStatus('sent');
}
