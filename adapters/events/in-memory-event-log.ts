import type { Transaction } from '../../application/ports/transaction.ts';
import type { ChatId } from '../../domain/ids.ts';
import { chatIdOf, isAfter, isVisibleTo, namedIn, payloadOf, type EventLog, type StoredEvent } from './event-log.ts';

/** The event log in memory (tests, and a service built without a database); chats are looked up through `transaction`. */
export function createInMemoryEventLog(transaction: Transaction): EventLog {
  const entries: StoredEvent[] = [];
  let lastId = 0n;
  // Appends run one after another, so ids are handed out in the order entries become readable.
  let tail: Promise<unknown> = Promise.resolve();
  return {
    append(event, at) {
      const appended = tail.then(async () => {
        const chatId = chatIdOf(event);
        const chat = chatId === null ? undefined : await transaction.run(({ chats }) => chats.find(chatId as ChatId));
        const payload = payloadOf(event);
        lastId += 1n;
        const entry: StoredEvent = {
          id: String(lastId), type: event.type, chatId, payload, at,
          queueId: chat?.queueId ?? namedIn(payload, 'queueId'),
          agentId: namedIn(payload, 'agentId') ?? chat?.agentId ?? null,
        };
        entries.push(entry);
        return entry;
      });
      tail = appended.catch(() => undefined);
      return appended;
    },
    async read(afterId, limit, audience) {
      const after = entries.filter((entry) => isAfter(entry.id, afterId) && isVisibleTo(audience, entry));
      return after.slice(0, limit);
    },
    async lastId() {
      return String(lastId);
    },
    async prune(before) {
      const kept = entries.filter((entry) => entry.at >= before);
      const removed = entries.length - kept.length;
      entries.splice(0, entries.length, ...kept);
      return removed;
    },
  };
}
