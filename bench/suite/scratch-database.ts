/** Scratch databases the bench sections create and drop on the PostgreSQL server they are given. */
import pg from 'pg';

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

/** Runs `work` on a fresh `name` database of the server of `serverUrl`, dropped afterwards. */
export async function withScratchDatabase<T>(serverUrl: string, name: string, work: (url: string) => Promise<T>): Promise<T> {
  const database = await freshDatabase(serverUrl, name);
  try {
    return await work(database.url);
  } finally {
    await database.drop();
  }
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
