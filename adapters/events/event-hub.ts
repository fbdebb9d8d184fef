import type { EventLog, StoredEvent } from './event-log.ts';

/** One subscriber of a hub: entries in log order, then the end when the hub closes. */
export interface HubSubscriber {
  next(entry: StoredEvent): void;
  end(): void;
}

/** Reads new log entries once for this instance and hands them to every local subscriber. */
export interface EventHub {
  /** Something was appended (here, or by another instance): read what is new. */
  wake(): void;
  /** Registers a subscriber; every entry read after this resolves reaches it. Ends at once when the hub is closed. */
  subscribe(subscriber: HubSubscriber): Promise<() => void>;
  /** Ends every subscriber and refuses new ones (shutdown). */
  close(): void;
}

const BATCH = 500;

/** A hub over `log`; a failed read is reported and tried again after `retryMs`. */
export function createEventHub(log: EventLog, onError: (error: unknown) => void, retryMs = 1_000): EventHub {
  const subscribers = new Set<HubSubscriber>();
  let position: string | undefined;
  let starting: Promise<void> | undefined;
  let pumping = false;
  let again = false;
  let closed = false;
  let stale = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  // The hub starts at the log's end when first used: no subscriber existed before, so none misses older entries.
  const start = () => (starting ??= log.lastId().then(
    (id) => { position ??= id; },
    (error: unknown) => { starting = undefined; throw error; }));

  async function pump(): Promise<void> {
    await start();
    do {
      again = false;
      const entries = await log.read(position!, BATCH);
      for (const entry of entries) for (const subscriber of subscribers) subscriber.next(entry);
      position = entries.at(-1)?.id ?? position;
      if (entries.length === BATCH) again = true;
    } while (again && !closed);
  }

  function wake(): void {
    if (closed) return;
    // Nobody listens: skip the read, and start again from the log's end when someone subscribes.
    if (subscribers.size === 0) { stale = true; return; }
    if (pumping) { again = true; return; }
    pumping = true;
    pump().catch((error: unknown) => {
      onError(error);
      retry ??= setTimeout(() => { retry = undefined; wake(); }, retryMs);
      retry.unref?.();
    }).finally(() => {
      pumping = false;
      if (again) wake();
    });
  }

  return {
    wake,
    async subscribe(subscriber) {
      // Only with nobody subscribed may the hub jump ahead: a subscriber needs every entry after it subscribed.
      if (stale && subscribers.size === 0 && !pumping) { stale = false; position = undefined; starting = undefined; }
      if (!closed) await start();
      if (closed) { subscriber.end(); return () => {}; }
      subscribers.add(subscriber);
      return () => void subscribers.delete(subscriber);
    },
    close() {
      closed = true;
      clearTimeout(retry);
      for (const subscriber of subscribers) subscriber.end();
      subscribers.clear();
    },
  };
}
