import pg from 'pg';

/**
 * Transactions committed in the database so far (pg_stat_database): the difference over a run,
 * divided by the messages acknowledged, shows how many transactions the service spends per message.
 * Backends flush these counters when they exit, so read the second value after the service stopped.
 */
export async function committedTransactions(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('select xact_commit::text as n from pg_stat_database where datname = current_database()');
    return Number(rows[0]?.n ?? Number.NaN);
  } finally {
    await client.end();
  }
}
