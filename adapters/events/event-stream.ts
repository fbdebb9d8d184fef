import type { Viewer } from '../../application/viewer.ts';
import type { EventHub, HubSubscriber } from './event-hub.ts';
import { isAfter, isVisibleTo, type Audience, type EventLog, type StoredEvent } from './event-log.ts';

/** What a subscription reads from: the durable log, and this instance's hub of new entries. */
export interface EventFeed {
  readonly log: EventLog;
  readonly hub: EventHub;
}

/** Supervisors and admins see every event; an agent its queues' and its own (undefined: no limit). */
export function audienceOf(viewer: Viewer): Audience | undefined {
  return viewer.role === 'agent' ? { agentId: viewer.agentId, queueIds: viewer.queueIds } : undefined;
}

const BATCH = 500;
/** Entries a slow client may have waiting; past it they are dropped and read again from the log. */
const INBOX_LIMIT = 1_000;

/**
 * Opens a subscription: the entries `audience` may see, in log order, each once: first those after
 * `lastEventId` (none when it is not given), then new ones as they come. It is registered when this
 * resolves, so an event published afterwards is surely delivered. Ends when `signal` aborts or the hub closes.
 */
export async function openEventStream(
  feed: EventFeed, audience: Audience | undefined, lastEventId: string | undefined, signal: AbortSignal | undefined,
): Promise<AsyncGenerator<StoredEvent, void>> {
  const inbox = createInbox();
  // Registered before the log is read: an entry committed after that read is surely in the inbox.
  const unsubscribe = await feed.hub.subscribe(inbox);
  // A client that leaves before reading anything never runs the generator's `finally`.
  signal?.addEventListener('abort', unsubscribe, { once: true });
  if (signal?.aborted) unsubscribe(); // gone already: its listener would never run
  try {
    return entriesOf(feed.log, audience, inbox, await startingPoint(feed.log, lastEventId), signal, unsubscribe);
  } catch (error) {
    unsubscribe();
    throw error;
  }
}

async function* entriesOf(
  log: EventLog, audience: Audience | undefined, inbox: Inbox, from: string, signal: AbortSignal | undefined, unsubscribe: () => void,
): AsyncGenerator<StoredEvent, void> {
  let cursor = from;
  try {
    for (;;) {
      for (let page = BATCH; page === BATCH;) {
        const entries = await log.read(cursor, BATCH, audience);
        for (const entry of entries) { yield entry; cursor = entry.id; }
        page = entries.length;
      }
      for (;;) {
        const next = await inbox.take(signal);
        if (next === 'overflow') break;
        if (next === 'end') return;
        if (!isAfter(next.id, cursor) || !isVisibleTo(audience, next)) continue;
        cursor = next.id;
        yield next;
      }
    }
  } finally {
    unsubscribe();
  }
}

/** Where a subscription starts: the client's last id (never past the log's end), or the log's end. */
async function startingPoint(log: EventLog, lastEventId: string | undefined): Promise<string> {
  const end = await log.lastId();
  return lastEventId !== undefined && !isAfter(lastEventId, end) ? lastEventId : end;
}

interface Inbox extends HubSubscriber {
  take(signal: AbortSignal | undefined): Promise<StoredEvent | 'overflow' | 'end'>;
}

function createInbox(): Inbox {
  let items: StoredEvent[] = [];
  let overflowed = false;
  let ended = false;
  let notify = () => {};
  return {
    next(entry) {
      if (items.length >= INBOX_LIMIT) { items = []; overflowed = true; } else items.push(entry);
      notify();
    },
    end() { ended = true; notify(); },
    async take(signal) {
      for (;;) {
        if (ended || signal?.aborted) return 'end';
        if (overflowed) { overflowed = false; return 'overflow'; }
        const item = items.shift();
        if (item) return item;
        await new Promise<void>((resolve) => {
          const done = () => { signal?.removeEventListener('abort', done); notify = () => {}; resolve(); };
          notify = done;
          signal?.addEventListener('abort', done, { once: true });
        });
      }
    },
  };
}
