import pg from 'pg';

/** The section's own databases on the given server: the service's, and the raw-ceiling scratch one. */
export const SERVICE_DATABASE = 'switchboard_bench_ingest';
export const RAW_DATABASE = 'switchboard_bench_ingest_raw';

/** A fresh database on a server, and how to drop it. */
export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates `name` afresh on the server of `serverUrl`, connecting as that URL's user to the URL's own
 * database (any existing one: `postgres` in the usual case), so every run starts empty and its
 * pg_stat_database counters belong to it alone. The URL's user needs CREATEDB.
 */
export async function freshDatabase(serverUrl: string, name: string): Promise<FreshDatabase> {
  await admin(serverUrl, name, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(serverUrl, name, (client) => client.query(`drop database if exists ${name} with (force)`).then(() => undefined)),
  };
}

/** Runs `work` on a connection to the URL's database (or `postgres`, when the URL names `name` itself). */
async function admin(serverUrl: string, name: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const url = new URL(serverUrl);
  if (url.pathname.slice(1) === name) url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
