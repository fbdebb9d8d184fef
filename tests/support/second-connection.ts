import pg from 'pg';
import type { TestDatabase } from './test-db.ts';

/** Work on a connection of its own to the test database, ended after (rolling back what it left open). */
export async function withSecondConnection(db: TestDatabase, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: String(db.database.orm.config.get('clientUrl')) });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.query('rollback').catch(() => {});
    await client.end();
  }
}

/** Until another backend of this database waits for a lock (of the given kind). */
export async function waitForWait(client: pg.Client, type: string, event?: string): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = $1 and ($2::text is null or wait_event = $2)`, [type, event ?? null]);
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no statement waited for a ${event ?? type} lock`);
}
