import type { MikroORM } from '@mikro-orm/core';
import type { Arrival, ArrivalOutcome, ArrivalStore } from '../../../application/ports/arrival-store.ts';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import type { Ids } from '../../../application/ports/ids.ts';
import type { ChatId, MessageId } from '../../../domain/ids.ts';
import { withRawClient, type RawClient } from '../raw-connection.ts';
import { lookupParams, writeParams } from './arrival-params.ts';
import { planArrivals, type Found, type Placement, type Plan } from './arrival-plan.ts';
import { LOOKUP_SQL, WRITE_SQL } from './arrival-sql.ts';

/** What the set-based store needs besides the database. */
export interface SqlArrivalStoreOptions {
  readonly ids: Ids;
  /** Told after each commit that stored something: the events logged in it, and how many jobs it enqueued. */
  readonly onCommitted: (events: readonly SwitchboardEvent[], enqueuedJobs: number) => void;
}

// Another writer created the same identity or open chat, or locked rows in the other order: look again.
const RACE_CODES = new Set(['23505', '40P01', '40001']);
const ATTEMPTS = 5;

interface LookupRow {
  ord: number;
  message_id: string | null;
  message_chat_id: string | null;
  contact_id: string | null;
  has_fallback_name: boolean | null;
  chat_id: string | null;
}

/**
 * The arrival store in two statements per batch, however many arrivals it holds: a lookup of what is
 * stored already, then one write statement (so one commit) with everything missing. Used behind group
 * commit, it turns concurrent webhooks into one commit.
 */
export function createSqlArrivalStore(orm: MikroORM, options: SqlArrivalStoreOptions): ArrivalStore {
  return {
    async store(arrivals) {
      if (arrivals.length === 0) return [];
      const { outcomes, events, jobs } = await withRawClient(orm, (client) => storeWithRetries(client, arrivals, options.ids));
      if (events.length > 0 || jobs > 0) options.onCommitted(events, jobs);
      return outcomes;
    },
  };
}

async function storeWithRetries(client: RawClient, arrivals: readonly Arrival[], ids: Ids) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await storeOnce(client, arrivals, ids);
    } catch (error) {
      if (attempt >= ATTEMPTS || !RACE_CODES.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

async function storeOnce(client: RawClient, arrivals: readonly Arrival[], ids: Ids) {
  const plan = planArrivals(arrivals, await lookup(client, arrivals));
  const params = writeParams(arrivals, plan, ids);
  const { rows } = await client.query<{ stored: string[]; jobs: number }>({ name: 'switchboard-arrival-write', text: WRITE_SQL, values: params });
  const stored = new Set(rows[0]?.stored ?? []);
  const twins = await twinsOfSkipped(client, arrivals, plan, stored);
  return { outcomes: outcomesOf(arrivals, plan.placements, stored, twins), events: eventsOf(arrivals, plan, stored), jobs: rows[0]?.jobs ?? 0 };
}

async function lookup(client: RawClient, arrivals: readonly Arrival[]): Promise<Found[]> {
  const { rows } = await client.query<LookupRow>({ name: 'switchboard-arrival-lookup', text: LOOKUP_SQL, values: lookupParams(arrivals) });
  const found: Found[] = Array.from({ length: arrivals.length });
  for (const row of rows) {
    found[row.ord] = {
      messageId: row.message_id, messageChatId: row.message_chat_id, contactId: row.contact_id,
      hasFallbackName: row.has_fallback_name, chatId: row.chat_id,
    };
  }
  return found;
}

/** Messages another writer stored under the same key while this batch was being written (rare): read them now. */
async function twinsOfSkipped(client: RawClient, arrivals: readonly Arrival[], plan: Plan, stored: ReadonlySet<string>): Promise<Map<number, Found>> {
  const skipped = arrivals.flatMap((arrival, index) =>
    plan.placements[index]!.kind === 'insert' && !stored.has(arrival.message.id) ? [index] : []);
  if (skipped.length === 0) return new Map();
  const found = await lookup(client, skipped.map((index) => arrivals[index]!));
  return new Map(skipped.map((index, i) => {
    if (!found[i]?.messageId) throw new Error(`message ${arrivals[index]!.message.idempotencyKey} conflicted but cannot be read`);
    return [index, found[i]!];
  }));
}

function outcomesOf(arrivals: readonly Arrival[], placements: readonly Placement[], stored: ReadonlySet<string>, twins: Map<number, Found>): ArrivalOutcome[] {
  const outcomes: ArrivalOutcome[] = [];
  arrivals.forEach((arrival, index) => {
    const placement = placements[index]!;
    if (placement.kind === 'same_as') return void outcomes.push({ ...outcomes[placement.index]!, duplicate: true });
    if (placement.kind === 'stored') return void outcomes.push({ messageId: placement.messageId, chatId: placement.chatId, duplicate: true });
    const twin = twins.get(index);
    if (twin) return void outcomes.push({ messageId: twin.messageId as MessageId, chatId: twin.messageChatId as ChatId, duplicate: true });
    outcomes.push({ messageId: arrival.message.id, chatId: placement.chatId, duplicate: false });
  });
  return outcomes;
}

/** The events the write statement logged, in log order, for this instance's listeners. */
function eventsOf(arrivals: readonly Arrival[], plan: Plan, stored: ReadonlySet<string>): SwitchboardEvent[] {
  const opening = new Map(plan.newChats.map(({ arrival, contactId }) => [arrival.chatId, { arrival, contactId }]));
  const events: SwitchboardEvent[] = [];
  arrivals.forEach((arrival, index) => {
    const placement = plan.placements[index]!;
    if (placement.kind !== 'insert' || !stored.has(arrival.message.id)) return;
    const opened = opening.get(placement.chatId);
    if (opened) {
      opening.delete(placement.chatId);
      events.push({ type: 'chat.created', chatId: placement.chatId, channelId: arrival.channelId, queueId: opened.arrival.queueId, contactId: opened.contactId });
    }
    events.push({ type: 'message.received', chatId: placement.chatId, messageId: arrival.message.id });
  });
  return events;
}
