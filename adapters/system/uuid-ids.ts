import { uuidv7 } from 'uuidv7';
import type { Ids } from '../../application/ports/ids.ts';
import type { Id } from '../../domain/ids.ts';

/** UUIDv7 ids: time-ordered, so new rows land at the end of their indexes. */
export const uuidIds: Ids = { next: <T extends Id<string>>() => uuidv7() as T };
