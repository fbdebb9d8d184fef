import type { QueryBuilder } from '@mikro-orm/postgresql';
import type { PageRequest } from '../../application/ports/pagination.ts';
import { isUuid } from './entity-writes.ts';

/**
 * Restricts a newest-first query to the rows after the page's keyset: a row comparison on
 * (sort column, id), which the (column desc, id desc) indexes answer directly.
 */
export function afterKeyset<T extends object>(qb: QueryBuilder<T>, alias: string, column: string, page: PageRequest): QueryBuilder<T> {
  if (page.after) qb.andWhere(`(${alias}.${column}, ${alias}.id) < (?, ?)`, [page.after.at, page.after.id]);
  return qb.limit(Math.max(0, page.limit));
}

// PostgreSQL's timestamptz range (4713 BC .. 294276 AD), rounded inwards.
const EARLIEST = Date.UTC(-4000, 0, 1);
const LATEST = Date.UTC(200_000, 0, 1);

/** A keyset that cannot be ours (forged id or time) points nowhere: the page is empty, not a database error. */
export const isValidPage = (page: PageRequest): boolean => {
  if (!page.after) return true;
  const time = page.after.at.getTime();
  return isUuid(page.after.id) && time >= EARLIEST && time <= LATEST;
};

/** A list of `?` placeholders, one per value. */
export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

/**
 * The same restriction for hand-written SQL: ` and (column, id) < (?, ?)` (or nothing on the first
 * page) with its parameters, so the (column desc, id desc) index is read from the keyset on.
 */
export function keysetCondition(column: string, page: PageRequest): { sql: string; params: unknown[] } {
  return page.after ? { sql: ` and (${column}, id) < (?, ?)`, params: [page.after.at, page.after.id] } : { sql: '', params: [] };
}

/**
 * ` limit <n>` with the page's size written into the SQL text, not bound: a named statement may be given
 * a generic plan (after five runs, or under plan_cache_mode = force_generic_plan), and a generic plan
 * knows no limit: it sorted every active chat (19 ms) instead of reading an index's first 51 (0.4 ms).
 */
export function limitClause(limit: number): string {
  const rows = Math.max(0, Math.floor(limit));
  if (!Number.isSafeInteger(rows)) throw new Error(`not a page size: ${limit}`);
  return ` limit ${rows}`;
}
