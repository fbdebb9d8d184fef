import type { Id } from '../../domain/ids.ts';

/** Mints new identifiers (UUIDv7 in production: time-ordered, so indexes and pages stay local). */
export interface Ids {
  next<T extends Id<string>>(): T;
}
