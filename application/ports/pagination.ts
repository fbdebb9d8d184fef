/** One page of a list, and the opaque cursor of the next (null on the last page). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Where a keyset page starts: the sort key and id of the last row of the previous page. */
export interface Keyset {
  readonly at: Date;
  readonly id: string;
}

/** Asks for `limit` rows after `after` (newest first). */
export interface PageRequest {
  readonly after: Keyset | undefined;
  readonly limit: number;
}
