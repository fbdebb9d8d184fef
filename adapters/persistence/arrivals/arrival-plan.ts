import type { Arrival } from '../../../application/ports/arrival-store.ts';
import type { Contact } from '../../../domain/contact.ts';
import type { ChatId, ContactId, MessageId } from '../../../domain/ids.ts';

/** What the lookup found for one arrival. */
export interface Found {
  readonly messageId: string | null;
  readonly messageChatId: string | null;
  readonly contactId: string | null;
  readonly hasFallbackName: boolean | null;
  readonly chatId: string | null;
}

/** Where one arrival ends up: a duplicate of a stored message, of an earlier arrival of the batch, or a message to store. */
export type Placement =
  | { readonly kind: 'stored'; readonly messageId: MessageId; readonly chatId: ChatId }
  | { readonly kind: 'same_as'; readonly index: number }
  | { readonly kind: 'insert'; readonly chatId: ChatId; readonly contactId: ContactId; readonly contactHasFallbackName: boolean };

/** The batch's writes, decided from the lookup. */
export interface Plan {
  readonly placements: Placement[];
  /** Arrivals whose drafted contact is created (one per new sender). */
  readonly newContacts: Arrival[];
  /** Arrivals whose drafted name a known contact under a fallback name takes. */
  readonly learntNames: { readonly contactId: ContactId; readonly arrival: Arrival }[];
  /** Arrivals whose drafted chat is opened (one per contact without an open chat), with the contact it is for. */
  readonly newChats: { readonly arrival: Arrival; readonly contactId: ContactId }[];
}

/**
 * Decides, arrival by arrival in order, what the write statement stores: a key seen before (stored, or
 * earlier in the batch) is a duplicate; a new sender's first arrival creates the contact the later ones
 * share; a contact's first arrival without an open chat opens the chat the later ones share.
 */
export function planArrivals(arrivals: readonly Arrival[], found: readonly Found[]): Plan {
  const plan: Plan = { placements: [], newContacts: [], learntNames: [], newChats: [] };
  const firstWithKey = new Map<string, number>();
  const contactOfSender = new Map<string, Contact>();
  const chatOfContact = new Map<string, ChatId>();
  const learnt = new Set<string>();
  arrivals.forEach((arrival, index) => {
    const seen = found[index]!;
    const key = `${arrival.channelId}\0${arrival.message.idempotencyKey}`;
    const earlier = firstWithKey.get(key);
    if (earlier !== undefined) return void plan.placements.push({ kind: 'same_as', index: earlier });
    firstWithKey.set(key, index);
    if (seen.messageId) return void plan.placements.push({ kind: 'stored', messageId: seen.messageId as MessageId, chatId: seen.messageChatId as ChatId });
    const created = seen.contactId ? undefined : newContactFor(plan, arrival, contactOfSender);
    const contactId = created?.id ?? (seen.contactId as ContactId);
    if (!created && seen.hasFallbackName && !arrival.contact.hasFallbackName && !learnt.has(contactId)) {
      learnt.add(contactId);
      plan.learntNames.push({ contactId, arrival });
    }
    const contactHasFallbackName = created ? created.hasFallbackName : Boolean(seen.hasFallbackName) && !learnt.has(contactId);
    const chatId = (seen.chatId as ChatId | null) ?? chatOfContact.get(`${arrival.channelId}\0${contactId}`) ?? openChat(plan, arrival, contactId, chatOfContact);
    plan.placements.push({ kind: 'insert', chatId, contactId, contactHasFallbackName });
  });
  return plan;
}

/** The contact this batch creates for a new sender: the first arrival's draft, shared by the later ones. */
function newContactFor(plan: Plan, arrival: Arrival, contactOfSender: Map<string, Contact>): Contact {
  const sender = `${arrival.provider}\0${arrival.channelId}\0${arrival.senderExternalId}`;
  const known = contactOfSender.get(sender);
  if (known) return known;
  contactOfSender.set(sender, arrival.contact);
  plan.newContacts.push(arrival);
  return arrival.contact;
}

function openChat(plan: Plan, arrival: Arrival, contactId: ContactId, chatOfContact: Map<string, ChatId>): ChatId {
  chatOfContact.set(`${arrival.channelId}\0${contactId}`, arrival.chatId);
  plan.newChats.push({ arrival, contactId });
  return arrival.chatId;
}
