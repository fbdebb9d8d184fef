import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** What the database holds for the run's channel, against what the service acknowledged. */
export interface Verification {
  readonly acknowledged: number;
  readonly storedRows: number;
  /** Acknowledged keys with no row. */
  readonly missing: number;
  /** Keys stored more than once (the unique key should make this impossible). */
  readonly duplicated: number;
  /** Rows whose request was not acknowledged (a failed request that committed anyway). */
  readonly unacknowledgedRows: number;
  readonly ok: boolean;
}

interface StoredKey {
  /** `<chat id>:<message id>` for Telegram: how the service keys a message (unique per channel). */
  readonly idempotency_key: string | null;
  readonly n: number;
}

const STORED_KEYS = 'select idempotency_key, count(*)::int as n from message where channel_id = $1 group by idempotency_key';

/**
 * Reads the stored message keys after the service has stopped: on the server through `pg`; on the
 * embedded database by opening its data folder directly, which also shows the rows survived shutdown.
 */
export async function storedKeys(channelId: string, databaseUrl: string | undefined, pgDataDir: string): Promise<StoredKey[]> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<StoredKey>(STORED_KEYS, [channelId])).rows;
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create({ dataDir: pgDataDir });
  try {
    return (await db.query<StoredKey>(STORED_KEYS, [channelId])).rows;
  } finally {
    await db.close();
  }
}

/** Every acknowledged message is stored exactly once, and nothing else is stored for the channel. */
export function compare(acknowledgedKeys: ReadonlySet<string>, stored: readonly StoredKey[]): Verification {
  let storedRows = 0;
  let duplicated = 0;
  let unacknowledgedRows = 0;
  let found = 0;
  for (const row of stored) {
    storedRows += row.n;
    if (row.n > 1) duplicated++;
    if (row.idempotency_key !== null && acknowledgedKeys.has(row.idempotency_key)) found++;
    else unacknowledgedRows += row.n;
  }
  const missing = acknowledgedKeys.size - found;
  return {
    acknowledged: acknowledgedKeys.size,
    storedRows,
    missing,
    duplicated,
    unacknowledgedRows,
    ok: missing === 0 && duplicated === 0 && storedRows === acknowledgedKeys.size,
  };
}
