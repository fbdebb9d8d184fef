import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import pg from 'pg';
import type { Clock } from '../../application/ports/clock.ts';
import type { Ids } from '../../application/ports/ids.ts';
import type { Transaction } from '../../application/ports/transaction.ts';
import type { SettingsCodec } from '../../adapters/persistence/settings-codec.ts';
import { openDatabase, type Database } from '../../infrastructure/database.ts';

/** The databases tests can run against. */
export const TEST_DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type TestDatabaseKind = (typeof TEST_DATABASE_KINDS)[number];

/** The kinds this environment offers: in-memory PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const availableTestDatabaseKinds = (): TestDatabaseKind[] =>
  process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** Every table, children first; one TRUNCATE of them all needs no CASCADE. */
export const TABLES = ['contact_merge', 'routing_decision', 'chat_transition', 'job', 'attachment', 'message', 'chat', 'contact_identity', 'contact', 'channel', 'queue_agent', 'agent', 'queue'] as const;
export type Table = (typeof TABLES)[number];

/** Tables that clear() empties besides TABLES: the event log, which no contract store counts. */
const LOG_TABLES = ['event'] as const;

/** A migrated database of its own for one test file; clear it between tests, close it after the file. */
export interface TestDatabase {
  readonly kind: TestDatabaseKind;
  readonly database: Database;
  readonly transaction: Transaction;
  /** Empties every table (the schema and its migrations stay). */
  clear(): Promise<void>;
  /** Rows in a table, for tests that check nothing more was stored than the ports show. */
  count(table: Table): Promise<number>;
  /** Closes the database; a PostgreSQL test database is dropped. */
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  readonly kind: TestDatabaseKind;
  readonly clock?: Clock | undefined;
  readonly ids?: Ids | undefined;
  readonly settingsCodec?: SettingsCodec | undefined;
}

/**
 * Opens a fresh database: an in-memory PGlite, or a new `sb_<random>` database on the server of
 * TEST_DATABASE_URL (so test files running in parallel never share one). Starting PGlite takes
 * seconds: open one per test file (in `beforeAll`) and `clear()` it between tests.
 */
export async function openTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  const { clock, ids, settingsCodec } = options;
  if (options.kind === 'pglite') return testDatabaseOf('pglite', await openDatabase({ dataDir: null, clock, ids, settingsCodec }), async () => {});
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('TEST_DATABASE_URL is not set: PostgreSQL tests need a server');
  const name = `sb_${randomBytes(6).toString('hex')}`;
  await admin(server, `create database ${name}`);
  const drop = () => admin(server, `drop database if exists ${name} with (force)`);
  try {
    const url = new URL(server);
    url.pathname = `/${name}`;
    return testDatabaseOf('postgres', await openDatabase({ databaseUrl: url.toString(), poolMax: 10, clock, ids, settingsCodec }), drop);
  } catch (error) {
    await drop();
    throw error;
  }
}

function testDatabaseOf(kind: TestDatabaseKind, database: Database, afterClose: () => Promise<void>): TestDatabase {
  const execute = (sql: string) => database.orm.em.fork().execute(sql);
  return {
    kind,
    database,
    transaction: database.transaction,
    clear: async () => void (await execute(`truncate table ${[...LOG_TABLES, ...TABLES].join(', ')}`)),
    count: async (table) => Number((await execute(`select count(*) as n from ${table}`))[0]?.n),
    close: async () => {
      await database.close();
      await afterClose();
    },
  };
}

/** Runs one statement on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a transaction). */
async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * One database for the enclosing `describe` (opened before its tests, closed after them) and
 * cleared before each test. The returned object stands for that database once it is open.
 */
export function useTestDatabase(kind: TestDatabaseKind): TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => { current = await openTestDatabase({ kind }); });
  afterAll(async () => { await current?.close(); });
  beforeEach(async () => { await current!.clear(); });
  const open = (): TestDatabase => current ?? fail(`the ${kind} test database is used before it was opened`);
  return {
    kind,
    get database() { return open().database; },
    get transaction() { return open().transaction; },
    clear: () => open().clear(),
    count: (table) => open().count(table),
    close: () => open().close(),
  };
}

function fail(message: string): never {
  throw new Error(message);
}
