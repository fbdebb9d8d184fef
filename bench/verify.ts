import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** What the database holds for the run's channel, against what the service acknowledged. */
export interface Verification {
  readonly acknowledged: number;
  readonly storedRows: number;
  /** Acknowledged ids with no row. */
  readonly missing: number;
  /** Ids stored more than once (the unique key should make this impossible). */
  readonly duplicated: number;
  /** Rows whose request was not acknowledged (a failed request that committed anyway). */
  readonly unacknowledgedRows: number;
  readonly ok: boolean;
}

interface StoredId {
  readonly external_id: string | null;
  readonly n: number;
}

const STORED_IDS = 'select external_id, count(*)::int as n from message where channel_id = $1 group by external_id';

/**
 * Reads the stored message ids after the service has stopped: on the server through `pg`; on the
 * embedded database by opening its data folder directly, which also shows the rows survived shutdown.
 */
export async function storedIds(channelId: string, databaseUrl: string | undefined, pgDataDir: string): Promise<StoredId[]> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<StoredId>(STORED_IDS, [channelId])).rows;
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create({ dataDir: pgDataDir });
  try {
    return (await db.query<StoredId>(STORED_IDS, [channelId])).rows;
  } finally {
    await db.close();
  }
}

/** Every acknowledged message is stored exactly once. */
export function compare(acknowledgedIds: ReadonlySet<string>, stored: readonly StoredId[]): Verification {
  let storedRows = 0;
  let duplicated = 0;
  let unacknowledgedRows = 0;
  let found = 0;
  for (const row of stored) {
    storedRows += row.n;
    if (row.n > 1) duplicated++;
    if (row.external_id !== null && acknowledgedIds.has(row.external_id)) found++;
    else unacknowledgedRows += row.n;
  }
  const missing = acknowledgedIds.size - found;
  return {
    acknowledged: acknowledgedIds.size,
    storedRows,
    missing,
    duplicated,
    unacknowledgedRows,
    ok: missing === 0 && duplicated === 0 && storedRows === acknowledgedIds.size,
  };
}
