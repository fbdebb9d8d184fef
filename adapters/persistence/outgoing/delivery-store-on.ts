import type { MikroORM } from '@mikro-orm/core';
import type { DeliveryStore } from '../../../application/ports/delivery-store.ts';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import { systemClock } from '../../system/system-clock.ts';
import { uuidIds } from '../../system/uuid-ids.ts';
import { createSqlDeliveryStore } from './sql-delivery-store.ts';

/** The service's delivery store: hand-written statements on the database's own pool. */
export function deliveryStoreOn(
  database: { readonly orm: MikroORM },
  onCommitted: (events: readonly SwitchboardEvent[], enqueuedJobs: number) => void,
): DeliveryStore {
  return createSqlDeliveryStore(database.orm, { ids: uuidIds, clock: systemClock, onCommitted });
}
