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

/** A keyset whose id cannot be ours points nowhere: the page is empty, not a database error. */
export const isValidPage = (page: PageRequest): boolean => !page.after || isUuid(page.after.id);
