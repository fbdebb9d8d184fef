import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import pg from 'pg';
import { openDatabase, type Database } from '../../infrastructure/database.ts';
import { seed, SEED_VERSION, type SeedScale } from './seed.ts';

/** The benchmark's own database on the given server; kept between runs while its seed version matches. */
export const READS_DATABASE = 'switchboard_bench_reads';

/** A plain pg client: the hand-written SQL's connection (and the seed's). */
export interface RawClient {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** A named statement: parsed and planned once per connection. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(statement: { name: string; text: string; values: unknown[] }): Promise<pg.QueryResult<R>>;
}

/** An open, migrated and seeded database, with the seed's size and how long seeding took (0 when kept). */
export interface ReadsDatabase {
  readonly kind: 'postgres' | 'pglite';
  readonly database: Database;
  readonly scale: SeedScale;
  readonly seedMs: number;
  /** Lends the ORM pool's own pg connection (PGlite has only one); the service must not run meanwhile. */
  withRawClient<T>(work: (client: RawClient) => Promise<T>): Promise<T>;
}

/** Opens the seeded PostgreSQL database on `serverUrl`'s server (seeding it when missing or of another version). */
export async function openPostgresReads(serverUrl: string, scale: SeedScale, log: (line: string) => void): Promise<ReadsDatabase> {
  const url = new URL(serverUrl);
  url.pathname = `/${READS_DATABASE}`;
  await admin(serverUrl, async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [READS_DATABASE]);
    if (exists.rowCount === 0) await client.query(`create database ${READS_DATABASE}`);
  });
  let database = await openDatabase({ databaseUrl: url.toString(), poolMax: 4 });
  if (await seededVersion(database.orm) === versionOf(scale)) return readsOf('postgres', database, scale, 0);
  log(`reads: seeding ${READS_DATABASE} (version ${versionOf(scale)})`);
  await database.close();
  await admin(serverUrl, async (client) => {
    await client.query(`drop database if exists ${READS_DATABASE} with (force)`);
    await client.query(`create database ${READS_DATABASE}`);
  });
  database = await openDatabase({ databaseUrl: url.toString(), poolMax: 4 });
  const seedMs = await withRawClient(database.orm, (client) => seed((sql) => client.query(sql), scale, log));
  return readsOf('postgres', database, scale, seedMs);
}

/** An in-memory PGlite, migrated and seeded now. */
export async function openPgliteReads(scale: SeedScale, log: (line: string) => void): Promise<ReadsDatabase> {
  const database = await openDatabase({ dataDir: null });
  log('reads: seeding an in-memory PGlite');
  const seedMs = await withRawClient(database.orm, (client) => seed((sql) => client.query(sql), scale, log));
  return readsOf('pglite', database, scale, seedMs);
}

const versionOf = (scale: SeedScale) => `${SEED_VERSION}:${JSON.stringify(scale)}`;

const readsOf = (kind: ReadsDatabase['kind'], database: Database, scale: SeedScale, seedMs: number): ReadsDatabase =>
  ({ kind, database, scale, seedMs, withRawClient: (work) => withRawClient(database.orm, work) });

async function seededVersion(orm: MikroORM): Promise<string | undefined> {
  return withRawClient(orm, async (client) => {
    const table = await client.query(`select to_regclass('bench_reads_seed') as t`);
    if (!table.rows[0]?.t) return undefined;
    const row = (await client.query<{ version: string; scale: string }>('select version, scale from bench_reads_seed')).rows[0];
    return row ? `${row.version}:${row.scale}` : undefined;
  });
}

/** The ORM's knex pool hands out its pg.Client; queries on it skip every ORM layer. */
async function withRawClient<T>(orm: MikroORM, work: (client: RawClient) => Promise<T>): Promise<T> {
  const knexClient = (orm.em.getConnection() as AbstractSqlConnection).getKnex().client;
  const connection = (await knexClient.acquireConnection()) as pg.Client;
  try {
    return await work(connection);
  } finally {
    await knexClient.releaseConnection(connection);
  }
}

async function admin(serverUrl: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
