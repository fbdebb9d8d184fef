import type { MikroORM } from '@mikro-orm/core';
import type { Arrival, ArrivalOutcome, ArrivalStore } from '../../../application/ports/arrival-store.ts';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import type { Ids } from '../../../application/ports/ids.ts';
import type { ChatId, MessageId } from '../../../domain/ids.ts';
import { withRawClient, type RawClient } from '../raw-connection.ts';
import { lookupParams, writeStatement } from './arrival-params.ts';
import { planArrivals, type Found, type Plan } from './arrival-plan.ts';
import { LOOKUP_SQL } from './arrival-sql.ts';
import { createKnownSenders, type KnownSenders } from './known-senders.ts';

/** What the set-based store needs besides the database. */
export interface SqlArrivalStoreOptions {
  readonly ids: Ids;
  /** Told after each commit that stored something: the events logged in it, and how many jobs it enqueued. */
  readonly onCommitted: (events: readonly SwitchboardEvent[], enqueuedJobs: number) => void;
  /** How long a sender's contact and open chat are trusted without a lookup (default 10 s; 0: always look up). */
  readonly knownSenderTtlMs?: number | undefined;
}

// Another writer created the same identity or open chat, or locked rows in the other order: look again.
const RACE_CODES = new Set(['23505', '40P01', '40001']);
const ATTEMPTS = 5;
// A message refused because its chat was completed meanwhile goes round again; a chat is not completed that often.
const ROUNDS = 3;

interface LookupRow {
  ord: number;
  message_id: string | null;
  message_chat_id: string | null;
  contact_id: string | null;
  has_fallback_name: boolean | null;
  chat_id: string | null;
}

/** What one round stored: an outcome per arrival, or undefined for an arrival to go round again. */
interface Round {
  readonly outcomes: (ArrivalOutcome | undefined)[];
  readonly events: SwitchboardEvent[];
  readonly jobs: number;
}

/**
 * The arrival store in at most two statements per batch, however many arrivals it holds: a lookup of
 * what is stored already (skipped for senders seen a moment ago), then one write statement (so one
 * commit) with everything missing. Used behind group commit, it turns concurrent webhooks into one commit.
 */
export function createSqlArrivalStore(orm: MikroORM, options: SqlArrivalStoreOptions): ArrivalStore {
  const known = createKnownSenders(options.knownSenderTtlMs ?? 10_000, 50_000);
  return {
    async store(arrivals) {
      if (arrivals.length === 0) return [];
      const { outcomes, events, jobs } = await withRawClient(orm, (client) => storeInRounds(client, arrivals, options.ids, known));
      if (events.length > 0 || jobs > 0) options.onCommitted(events, jobs);
      return outcomes;
    },
  };
}

async function storeInRounds(client: RawClient, arrivals: readonly Arrival[], ids: Ids, known: KnownSenders) {
  const outcomes: (ArrivalOutcome | undefined)[] = Array.from({ length: arrivals.length });
  const events: SwitchboardEvent[] = [];
  let jobs = 0;
  let pending = arrivals.map((_, index) => index);
  for (let round = 1; pending.length > 0; round += 1) {
    if (round > ROUNDS) throw new Error(`${pending.length} messages found their chat completed ${ROUNDS} times in a row`);
    const batch = pending.map((index) => arrivals[index]!);
    const stored = await storeWithRetries(client, batch, ids, round === 1 ? known : undefined);
    stored.outcomes.forEach((outcome, i) => { outcomes[pending[i]!] = outcome; });
    events.push(...stored.events);
    jobs += stored.jobs;
    pending = pending.filter((index) => outcomes[index] === undefined);
    for (const index of pending) known.forget(arrivals[index]!);
  }
  return { outcomes: outcomes as ArrivalOutcome[], events, jobs };
}

async function storeWithRetries(client: RawClient, arrivals: readonly Arrival[], ids: Ids, known: KnownSenders | undefined): Promise<Round> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await storeOnce(client, arrivals, ids, attempt === 1 ? known : undefined);
    } catch (error) {
      if (attempt >= ATTEMPTS || !RACE_CODES.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

async function storeOnce(client: RawClient, arrivals: readonly Arrival[], ids: Ids, known: KnownSenders | undefined): Promise<Round> {
  const plan = planArrivals(arrivals, await findAll(client, arrivals, known));
  const { rows } = await client.query<{ stored: string[]; jobs: number }>(writeStatement(arrivals, plan, ids));
  const stored = new Set(rows[0]?.stored ?? []);
  const twins = await twinsOfSkipped(client, arrivals, plan, stored);
  const outcomes = outcomesOf(arrivals, plan, stored, twins);
  if (known) rememberSenders(known, arrivals, plan, stored);
  return { outcomes, events: eventsOf(arrivals, plan, stored), jobs: rows[0]?.jobs ?? 0 };
}

/** The known senders' contact and chat from memory, the others' (and every message key of theirs) from the lookup. */
async function findAll(client: RawClient, arrivals: readonly Arrival[], known: KnownSenders | undefined): Promise<Found[]> {
  const found = arrivals.map((arrival) => known?.find(arrival));
  const missing = found.flatMap((f, index) => (f ? [] : [index]));
  if (missing.length === 0) return found as Found[];
  const looked = await lookup(client, missing.map((index) => arrivals[index]!));
  missing.forEach((index, i) => { found[index] = looked[i]; });
  return found as Found[];
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

/**
 * Messages the write skipped: stored meanwhile under the same key (by another writer, or before, for a
 * sender whose lookup was skipped) are read now; the others found their chat completed and go round again.
 */
async function twinsOfSkipped(client: RawClient, arrivals: readonly Arrival[], plan: Plan, stored: ReadonlySet<string>): Promise<Map<number, Found>> {
  const skipped = arrivals.flatMap((arrival, index) =>
    plan.placements[index]!.kind === 'insert' && !stored.has(arrival.message.id) ? [index] : []);
  if (skipped.length === 0) return new Map();
  const found = await lookup(client, skipped.map((index) => arrivals[index]!));
  return new Map(skipped.flatMap((index, i) => (found[i]?.messageId ? [[index, found[i]!] as const] : [])));
}

function outcomesOf(arrivals: readonly Arrival[], plan: Plan, stored: ReadonlySet<string>, twins: Map<number, Found>): (ArrivalOutcome | undefined)[] {
  const outcomes: (ArrivalOutcome | undefined)[] = [];
  arrivals.forEach((arrival, index) => {
    const placement = plan.placements[index]!;
    if (placement.kind === 'same_as') {
      const first = outcomes[placement.index];
      return void outcomes.push(first && { ...first, duplicate: true });
    }
    if (placement.kind === 'stored') return void outcomes.push({ messageId: placement.messageId, chatId: placement.chatId, duplicate: true });
    const twin = twins.get(index);
    if (twin) return void outcomes.push({ messageId: twin.messageId as MessageId, chatId: twin.messageChatId as ChatId, duplicate: true });
    outcomes.push(stored.has(arrival.message.id) ? { messageId: arrival.message.id, chatId: placement.chatId, duplicate: false } : undefined);
  });
  return outcomes;
}

function rememberSenders(known: KnownSenders, arrivals: readonly Arrival[], plan: Plan, stored: ReadonlySet<string>): void {
  arrivals.forEach((arrival, index) => {
    const placement = plan.placements[index]!;
    if (placement.kind !== 'insert' || !stored.has(arrival.message.id)) return;
    known.remember(arrival, { contactId: placement.contactId, chatId: placement.chatId, hasFallbackName: placement.contactHasFallbackName });
  });
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
