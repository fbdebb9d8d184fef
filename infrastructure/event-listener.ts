import pg from 'pg';
import type { Clock } from '../application/ports/clock.ts';
import type { EventFeed } from '../adapters/events/event-stream.ts';
import { EVENT_CHANNEL } from '../adapters/persistence/mikro-orm-event-log.ts';

/** How events reach this instance's subscribers from every instance, and how long the log keeps them. */
export interface EventFanOutOptions {
  /** The PostgreSQL server to LISTEN on; undefined on the embedded database (one instance, woken in-process). */
  readonly databaseUrl: string | undefined;
  readonly feed: EventFeed;
  readonly clock: Clock;
  readonly onError: (error: unknown) => void;
  /** How long entries stay replayable (default 7 days); older ones are pruned at start and every `pruneEveryMs`. */
  readonly retentionMs?: number | undefined;
  readonly pruneEveryMs?: number | undefined;
  /** Wait before listening again after the connection was lost. */
  readonly reconnectMs?: number | undefined;
}

/** A running fan-out: `stop()` stops listening and pruning. */
export interface EventFanOut {
  stop(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60_000;

/** Prunes old entries, then listens for new ones (on PostgreSQL) and wakes the hub on each. */
export async function startEventFanOut(options: EventFanOutOptions): Promise<EventFanOut> {
  const retentionMs = options.retentionMs ?? 7 * DAY_MS;
  const prune = () => options.feed.log.prune(new Date(options.clock.now().getTime() - retentionMs)).catch(options.onError);
  await prune();
  const pruning = setInterval(() => void prune(), options.pruneEveryMs ?? 6 * 60 * 60_000);
  pruning.unref();
  const listener = options.databaseUrl === undefined ? undefined
    : await listen(options.databaseUrl, () => options.feed.hub.wake(), options.onError, options.reconnectMs ?? 1_000);
  return {
    async stop() {
      clearInterval(pruning);
      await listener?.stop();
    },
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries and lose it). Each
 * NOTIFY, and each (re)connection, calls `onNotify`: the hub then reads whatever it has not seen.
 */
async function listen(url: string, onNotify: () => void, onError: (error: unknown) => void, reconnectMs: number): Promise<EventFanOut> {
  let current: pg.Client | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const again = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => { timer = undefined; void connect().catch((error: unknown) => { onError(error); again(); }); }, reconnectMs);
    timer.unref();
  };
  async function connect(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', onNotify);
    client.on('error', (error) => { if (!stopped) onError(error); });
    client.on('end', () => { if (current === client) { current = undefined; again(); } });
    try {
      await client.connect();
      await client.query(`listen ${EVENT_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (stopped) return void (await client.end());
    current = client;
    onNotify();
  }
  await connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const client = current;
      current = undefined;
      await client?.end();
    },
  };
}
