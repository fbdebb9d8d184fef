import type { MikroORM } from '@mikro-orm/core';
import type { ArrivalStore } from '../../../application/ports/arrival-store.ts';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import { uuidIds } from '../../system/uuid-ids.ts';
import { groupCommitted } from './group-commit.ts';
import { createSqlArrivalStore } from './sql-arrival-store.ts';

// Enough to carry a burst in one commit; a statement with more parameters per row gains nothing more.
const MAX_BATCH = 256;

/**
 * The service's arrival store: set-based SQL behind group commit. The embedded database has one
 * connection, so one batch at a time; a server takes a second batch while the first one commits.
 */
export function arrivalStoreOn(
  database: { readonly kind: 'postgres' | 'pglite'; readonly orm: MikroORM },
  onCommitted: (events: readonly SwitchboardEvent[], enqueuedJobs: number) => void,
): ArrivalStore {
  const store = createSqlArrivalStore(database.orm, { ids: uuidIds, onCommitted });
  return groupCommitted(store, { maxBatch: MAX_BATCH, concurrency: database.kind === 'pglite' ? 1 : 2 });
}
