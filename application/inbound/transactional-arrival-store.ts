import { Chat } from '../../domain/chat.ts';
import type { Contact } from '../../domain/contact.ts';
import { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import type { Arrival, ArrivalOutcome, ArrivalStore, FollowUpCondition } from '../ports/arrival-store.ts';
import type { SwitchboardEvent } from '../ports/events.ts';
import type { Stores } from '../ports/transaction.ts';

/**
 * The arrival store over the repositories: one arrival after another inside one transaction, then the
 * events published. It runs on any Transaction (in memory, MikroORM); the set-based SQL store is the
 * fast one, and the contract suite holds both to the same behaviour.
 */
export function createTransactionalArrivalStore(deps: Pick<Deps, 'transaction' | 'events'>): ArrivalStore {
  return {
    async store(arrivals) {
      const events: SwitchboardEvent[] = [];
      const outcomes = await deps.transaction.run(async (stores) => {
        const done: ArrivalOutcome[] = [];
        for (const arrival of arrivals) done.push(await storeOne(stores, arrival, events));
        return done;
      });
      for (const event of events) await deps.events.publish(event);
      return outcomes;
    },
  };
}

async function storeOne(stores: Stores, arrival: Arrival, events: SwitchboardEvent[]): Promise<ArrivalOutcome> {
  const known = await stores.messages.findByIdempotencyKey(arrival.channelId, arrival.message.idempotencyKey!);
  if (known) return { messageId: known.id, chatId: known.chatId, duplicate: true };
  const { contact, created: contactCreated } = await stores.contacts.findOrCreateByIdentity(
    { provider: arrival.provider, channelId: arrival.channelId, externalId: arrival.senderExternalId },
    () => ({ contact: arrival.contact, identityId: arrival.identityId }),
  );
  if (!contactCreated) await learnName(stores, contact, arrival.contact);
  const { chat, created: chatOpened } = await stores.chats.findOpenOrOpen(arrival.channelId, contact.id, () =>
    new Chat({ id: arrival.chatId, channelId: arrival.channelId, contactId: contact.id, queueId: arrival.queueId, createdAt: arrival.message.createdAt }));
  const message = inChat(arrival.message, chat.id);
  const stored = await stores.messages.insertIfAbsent(message, arrival.attachments);
  if (!stored.created) return { messageId: stored.message.id, chatId: stored.message.chatId, duplicate: true };
  await stores.chats.recordIncoming(chat.id, message.createdAt);
  const routed = chatOpened && (await needsRouting(stores, arrival, chat));
  const held = new Set<FollowUpCondition>(['message_stored', ...(contactCreated ? ['contact_created' as const] : []), ...(routed ? ['chat_opened_routed' as const] : [])]);
  for (const followUp of arrival.followUps) if (held.has(followUp.when)) await stores.jobs.enqueue(followUp.job);
  if (chatOpened) events.push({ type: 'chat.created', chatId: chat.id, channelId: arrival.channelId, queueId: chat.queueId, contactId: contact.id });
  events.push({ type: 'message.received', chatId: chat.id, messageId: message.id });
  return { messageId: message.id, chatId: chat.id, duplicate: false };
}

/** Whether a chat just opened needs its routing job: in a manual queue it needs none, and the reason it waits is recorded instead. */
async function needsRouting(stores: Stores, arrival: Arrival, chat: Chat): Promise<boolean> {
  const queue = await stores.queues.get(chat.queueId);
  if (queue.routing !== 'manual') return true;
  await stores.chats.recordRoutingDecision(arrival.manualWait);
  return false;
}

/** A contact still under its fallback name takes the name a later message brings (WhatsApp's contacts[]). */
async function learnName(stores: Stores, contact: Contact, drafted: Contact): Promise<void> {
  if (!contact.hasFallbackName || drafted.hasFallbackName) return;
  contact.applyProfile({
    firstName: drafted.firstName ?? undefined, lastName: drafted.lastName ?? undefined,
    username: drafted.username ?? undefined, language: drafted.language ?? undefined,
  });
  if (contact.hasFallbackName) contact.rename(drafted.name);
  await stores.contacts.save(contact);
}

/** The drafted message, in the chat it really goes to. */
function inChat(drafted: Message, chatId: Message['chatId']): Message {
  if (drafted.chatId === chatId) return drafted;
  const message = new Message({ ...drafted, chatId });
  message.metadata = drafted.metadata;
  return message;
}
