import { DomainError } from '../domain/errors.ts';
import type { Keyset, Page } from './ports/pagination.ts';

export const DEFAULT_PAGE_SIZE = 50;

// The ids this API gives out: a cursor naming anything else was not made by us.
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_PAGE_SIZE = 200;

/** An opaque cursor for a keyset: base64url of the sort key and id of a page's last row. */
export function encodeCursor(keyset: Keyset): string {
  const json = JSON.stringify([keyset.at.toISOString(), keyset.id]);
  return btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Reads a cursor back; anything that is not one of ours is invalid input, never a crash. */
export function decodeCursor(cursor: string | undefined | null): Keyset | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && ID.test(parsed[1])) {
      const at = new Date(parsed[0]);
      if (!Number.isNaN(at.getTime())) return { at, id: parsed[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new DomainError('invalid', 'INVALID_CURSOR', 'the cursor is not one this API gave out');
}

/** Clamps a requested page size. */
export const pageSize = (limit: number | undefined): number => Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells that a next page exists.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => Keyset): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/**
 * A page of a short list held whole in memory (channels, agents, queues), oldest first, with the
 * same cursors as the keyset lists, so every list of the API pages alike.
 */
export function pageOf<T>(rows: readonly T[], keyOf: (row: T) => Keyset, input: { cursor?: string | null | undefined; limit?: number | undefined }): Page<T> {
  const limit = pageSize(input.limit);
  const after = decodeCursor(input.cursor);
  const compare = (a: Keyset, b: Keyset) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sorted = [...rows].sort((a, b) => compare(keyOf(a), keyOf(b)));
  const rest = after ? sorted.filter((row) => compare(keyOf(row), after) > 0) : sorted;
  return toPage(rest.slice(0, limit + 1), limit, keyOf);
}
