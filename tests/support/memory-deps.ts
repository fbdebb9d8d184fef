import { createTransactionalArrivalStore } from '../../application/inbound/transactional-arrival-store.ts';
import { createTransactionalDeliveryStore } from '../../application/messages/transactional-delivery-store.ts';
import type { Deps, Limits } from '../../application/deps.ts';
import type { Clock } from '../../application/ports/clock.ts';
import type { EventPublisher, SwitchboardEvent } from '../../application/ports/events.ts';
import type { Ids } from '../../application/ports/ids.ts';
import type { ProviderModule, ProviderRegistry } from '../../application/ports/provider.ts';
import type { Transaction } from '../../application/ports/transaction.ts';
import type { Id } from '../../domain/ids.ts';
import { createInMemoryTransaction } from '../../adapters/memory/in-memory-transaction.ts';
import { emptyMemoryState, type MemoryState } from '../../adapters/memory/memory-state.ts';
import { createMemoryFileStorage, type MemoryFileStorage } from './memory-file-storage.ts';

/** A clock that stands still until a test moves it. */
export interface TestClock extends Clock {
  set(date: Date): void;
  advance(ms: number): void;
}

/** An event sink that keeps what was published, and what was published while a transaction was still open. */
export interface RecordingEvents extends EventPublisher {
  readonly published: SwitchboardEvent[];
  readonly publishedInsideTransaction: SwitchboardEvent[];
}

/** Deps on memory adapters, with the test handles to steer and inspect them. */
export interface MemoryDeps extends Deps {
  readonly clock: TestClock;
  readonly events: RecordingEvents;
  readonly files: MemoryFileStorage;
  /** The memory "database" itself, to look at what was stored (jobs included). */
  readonly state: MemoryState;
}

/** What a test may choose; everything else has a fixed default. */
export interface MemoryDepsOverrides {
  readonly providers?: ProviderRegistry | readonly ProviderModule[] | undefined;
  readonly now?: Date | undefined;
  readonly limits?: Partial<Limits> | undefined;
}

/** The instant every test clock starts at, unless told otherwise. */
export const TEST_EPOCH = new Date('2025-01-01T00:00:00.000Z');

/** A clock fixed at `start`, moved only by `set` and `advance`. */
export function createTestClock(start: Date = TEST_EPOCH): TestClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (date) => { now = date.getTime(); },
    advance: (ms) => { now += ms; },
  };
}

/** Ids in UUID format, numbered 1, 2, 3… so tests read them and they sort in minting order like UUIDv7. */
export function createSequentialIds(): Ids {
  let n = 0;
  return { next: <T extends Id<string>>() => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}` as T };
}

/** A registry over the given modules, found by name. */
export function providerRegistryOf(modules: readonly ProviderModule[]): ProviderRegistry {
  const byName = new Map(modules.map((module) => [module.name, module]));
  return { find: (name) => byName.get(name) };
}

/** Every port of the core on memory adapters: fixed clock, sequential ids, recording events, 1 MiB attachments. */
export function createMemoryDeps(overrides: MemoryDepsOverrides = {}): MemoryDeps {
  const clock = createTestClock(overrides.now);
  const ids = createSequentialIds();
  const state = emptyMemoryState();
  const open = { count: 0 };
  const given = overrides.providers ?? [];
  const transaction = countingOpen(createInMemoryTransaction(ids, clock, state), open);
  const events = recordingEvents(open);
  return {
    transaction,
    arrivals: createTransactionalArrivalStore({ transaction, events }),
    deliveries: createTransactionalDeliveryStore({ transaction, events }),
    clock,
    ids,
    events,
    providers: isRegistry(given) ? given : providerRegistryOf(given),
    files: createMemoryFileStorage(ids),
    limits: { maxAttachmentBytes: 1024 * 1024, ...overrides.limits },
    state,
  };
}

const isRegistry = (given: ProviderRegistry | readonly ProviderModule[]): given is ProviderRegistry =>
  !Array.isArray(given);

// Counts units of work in progress, so the event sink can tell an event published before commit.
function countingOpen(inner: Transaction, open: { count: number }): Transaction {
  return {
    read(work) {
      return this.run(work);
    },
    autocommit(work) {
      return this.run(work);
    },
    async run(work) {
      return inner.run(async (stores) => {
        open.count += 1;
        try {
          return await work(stores);
        } finally {
          open.count -= 1;
        }
      });
    },
  };
}

function recordingEvents(open: { readonly count: number }): RecordingEvents {
  const published: SwitchboardEvent[] = [];
  const publishedInsideTransaction: SwitchboardEvent[] = [];
  return {
    published,
    publishedInsideTransaction,
    async publish(event) {
      published.push(event);
      if (open.count > 0) publishedInsideTransaction.push(event);
    },
  };
}
