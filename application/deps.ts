import type { ArrivalStore } from './ports/arrival-store.ts';
import type { Clock } from './ports/clock.ts';
import type { DeliveryStore } from './ports/delivery-store.ts';
import type { EventPublisher } from './ports/events.ts';
import type { FileStorage } from './ports/file-storage.ts';
import type { Ids } from './ports/ids.ts';
import type { ProviderRegistry } from './ports/provider.ts';
import type { Transaction } from './ports/transaction.ts';

/** Limits the core enforces, from configuration. */
export interface Limits {
  /** Largest attachment downloaded from a messenger, in bytes. */
  readonly maxAttachmentBytes: number;
}

/** Every port the use cases may need; each use case takes a `Pick` of it. */
export interface Deps {
  readonly transaction: Transaction;
  /** Where incoming messages are stored (set-wise, several webhooks per commit). */
  readonly arrivals: ArrivalStore;
  /** Where agents' messages are queued, and their deliveries read and recorded (a few round trips each on a database). */
  readonly deliveries: DeliveryStore;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly events: EventPublisher;
  readonly providers: ProviderRegistry;
  readonly files: FileStorage;
  readonly limits: Limits;
}
