import { afterAll, beforeAll } from 'vitest';
import { createTransactionalArrivalStore } from '../../../application/inbound/transactional-arrival-store.ts';
import type { ArrivalStore } from '../../../application/ports/arrival-store.ts';
import type { DeliveryStore } from '../../../application/ports/delivery-store.ts';
import { createTransactionalDeliveryStore } from '../../../application/messages/transactional-delivery-store.ts';
import { createSqlDeliveryStore } from '../../../adapters/persistence/outgoing/sql-delivery-store.ts';
import type { Clock } from '../../../application/ports/clock.ts';
import type { EventPublisher } from '../../../application/ports/events.ts';
import { createSqlArrivalStore } from '../../../adapters/persistence/arrivals/sql-arrival-store.ts';
import type { Transaction } from '../../../application/ports/transaction.ts';
import { createInMemoryTransaction } from '../../../adapters/memory/in-memory-transaction.ts';
import { emptyMemoryState, type MemoryState } from '../../../adapters/memory/memory-state.ts';
import { uuidIds } from '../../../adapters/system/uuid-ids.ts';
import { availableTestDatabaseKinds, openTestDatabase, type Table, type TestDatabase, type TestDatabaseKind } from '../../support/test-db.ts';

/** The instant contract tests start at. */
export const T0 = new Date('2025-03-01T10:00:00.000Z');

/** `seconds` after T0. */
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/** A clock that stands still until a test moves it. */
export interface TestClock extends Clock {
  set(date: Date): void;
}

const testClock = (): TestClock => {
  let now = T0;
  return { now: () => now, set: (date) => void (now = date) };
};

/** What a contract test gets: an empty store behind the Transaction port, the clock its jobs use, row counts. */
export interface ContractDb {
  readonly transaction: Transaction;
  readonly clock: TestClock;
  /** Rows stored in a table, to see what the ports cannot show (e.g. a contact without identity). */
  count(table: Table): Promise<number>;
  /** The arrival store of this target (the repositories' one in memory, the set-based SQL one on a database), announcing to `events`. */
  arrivals(events: EventPublisher): ArrivalStore;
  /** The delivery store of this target (the repositories' one in memory, the SQL one on a database), announcing to `events`. */
  deliveries(events: EventPublisher): DeliveryStore;
}

/** Opens an empty store for one test. */
export type OpenContractDb = () => Promise<ContractDb>;

/**
 * The implementations every contract runs against: memory, in-memory PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set. Call at the top level of a test file: each database is opened once for
 * the file (starting PGlite takes seconds) and emptied before each test.
 */
export function contractTargets(): [string, OpenContractDb][] {
  const databases = availableTestDatabaseKinds().map((kind) => [kind, sharedDatabase(kind)] as [string, OpenContractDb]);
  return [['memory', openMemory], ...databases];
}

const openMemory: OpenContractDb = async () => {
  const clock = testClock();
  const state = emptyMemoryState();
  const transaction = createInMemoryTransaction(uuidIds, clock, state);
  return {
    transaction, clock, count: async (table) => memoryCount(state, table),
    arrivals: (events) => createTransactionalArrivalStore({ transaction, events }),
    deliveries: (events) => createTransactionalDeliveryStore({ transaction, events }),
  };
};

function sharedDatabase(kind: TestDatabaseKind): OpenContractDb {
  const clock = testClock();
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await openTestDatabase({ kind, clock });
  });
  afterAll(async () => db?.close());
  return async () => {
    if (!db) throw new Error(`the ${kind} database did not open`);
    await db.clear();
    clock.set(T0);
    const { orm } = db.database;
    const arrivals = (events: EventPublisher) => createSqlArrivalStore(orm, {
      ids: uuidIds, onCommitted: (logged) => { for (const event of logged) void events.publish(event); },
    });
    const deliveries = (events: EventPublisher) => createSqlDeliveryStore(orm, {
      ids: uuidIds, clock, onCommitted: (logged) => { for (const event of logged) void events.publish(event); },
    });
    return { transaction: db.transaction, clock, count: db.count, arrivals, deliveries };
  };
}

function memoryCount(state: MemoryState, table: Table): number {
  const sizes: Record<Table, number> = {
    job: state.jobs.size, attachment: state.attachments.size, message: state.messages.size, chat: state.chats.size,
    contact_identity: state.identities.size, contact: state.contacts.size, channel: state.channels.size,
    queue_agent: state.queueAgents.size, agent: state.agents.size, queue: state.queues.size,
    contact_merge: state.contactMerges.size, routing_decision: state.routingDecisions.size, chat_transition: state.transitions.size,
  };
  return sizes[table];
}
