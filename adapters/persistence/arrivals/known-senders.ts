import type { Arrival } from '../../../application/ports/arrival-store.ts';
import type { ChatId, ContactId } from '../../../domain/ids.ts';
import type { Found } from './arrival-plan.ts';

interface Known {
  readonly contactId: ContactId;
  readonly chatId: ChatId;
  readonly hasFallbackName: boolean;
  readonly at: number;
}

/**
 * The contact and open chat each recent sender's messages went to, per instance, so that a batch of
 * known senders skips the lookup (one statement instead of two). Only a hint: the write statement stores
 * a message only into a chat that is still open, and a message it refused goes round again with a lookup.
 */
export interface KnownSenders {
  /** What the lookup would find for this arrival, or undefined: unknown, too old, or bringing a name to learn. */
  find(arrival: Arrival): Found | undefined;
  remember(arrival: Arrival, known: { contactId: ContactId; chatId: ChatId; hasFallbackName: boolean }): void;
  forget(arrival: Arrival): void;
}

export function createKnownSenders(ttlMs: number, maxSize: number, now = () => Date.now()): KnownSenders {
  const senders = new Map<string, Known>();
  const keyOf = (arrival: Arrival) => `${arrival.provider}\0${arrival.channelId}\0${arrival.senderExternalId}`;
  return {
    find(arrival) {
      const known = senders.get(keyOf(arrival));
      if (!known || now() - known.at >= ttlMs) return undefined;
      // A contact still under its fallback name learns the name this arrival brings: that is the lookup's job.
      if (known.hasFallbackName && !arrival.contact.hasFallbackName) return undefined;
      return { messageId: null, messageChatId: null, contactId: known.contactId, hasFallbackName: known.hasFallbackName, chatId: known.chatId };
    },
    remember(arrival, known) {
      const key = keyOf(arrival);
      senders.delete(key);
      senders.set(key, { ...known, at: now() });
      if (senders.size > maxSize) senders.delete(senders.keys().next().value!);
    },
    forget(arrival) {
      senders.delete(keyOf(arrival));
    },
  };
}
