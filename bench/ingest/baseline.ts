import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { runClosedLoop, type LoopResult } from '../closed-loop.ts';
import { databaseCpuReader, ownCpuMs } from '../cpu.ts';
import type { TelegramSpec } from './telegram.ts';

/**
 * The database's own ceiling for the same rows: one single-row INSERT per message, autocommit,
 * through `pg` (the driver the service uses), no ORM, no lookups. A table shaped like `message`
 * with the same primary key, unique key and index, but no foreign keys (no chat rows to point at).
 */
const TABLE_COLUMNS = `(
  id uuid primary key, chat_id uuid not null, channel_id uuid not null,
  direction text not null check (direction in ('incoming', 'outgoing')), type text not null, text text not null,
  external_id text, idempotency_key text, sender_external_id text, agent_id uuid,
  sent_at timestamptz not null, created_at timestamptz not null, status text, error text,
  original_text text, edited_at timestamptz,
  unique (channel_id, idempotency_key))`;

/** Where the baseline inserts: pools of the level's size, or of one connection on the embedded database. */
export interface BaselineTarget {
  readonly kind: 'postgres' | 'pglite';
  readonly table: string;
  /** `server_version` of the database, for the report. */
  readonly version: string;
  /** CPU milliseconds the database has used so far: the server's, or (embedded, in this process) NaN. */
  databaseCpuMs(): number;
  /** A pool for one level, connected up front so connecting is not measured. */
  openPool(concurrency: number): Promise<{ pool: pg.Pool; done(): Promise<void> }>;
  /** Drops the scratch table (server) or stops and deletes the scratch database (embedded). */
  close(): Promise<void>;
}

/** A scratch table in the given database (the section's own raw-ceiling database), dropped by close(). */
export async function serverTarget(databaseUrl: string): Promise<BaselineTarget> {
  const table = `bench_baseline_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  let version: string;
  try {
    version = await createTable(admin, table);
  } finally {
    await admin.end();
  }
  return {
    kind: 'postgres',
    table,
    version,
    databaseCpuMs: databaseCpuReader(databaseUrl),
    async openPool(concurrency) {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
      await warm(pool, concurrency);
      return { pool, done: () => pool.end() };
    },
    async close() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`drop table if exists ${table}`).finally(() => client.end());
    },
  };
}

/**
 * A separate PGlite in a scratch folder behind the same socket server as the service's, with the
 * same limits (maxConnections 1, pool max 1: STACK.md's traps); every concurrency queues on one connection.
 */
export async function embeddedTarget(): Promise<BaselineTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-baseline-'));
  const db = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const pool = new pg.Pool({ connectionString: `postgresql://postgres:postgres@${server.getServerConn()}/postgres`, max: 1 });
  const table = 'bench_baseline';
  const client = await pool.connect();
  let version: string;
  try {
    version = await createTable(client, table);
  } finally {
    client.release();
  }
  return {
    kind: 'pglite',
    table,
    version: `PGlite, PostgreSQL ${version}`,
    databaseCpuMs: () => Number.NaN,
    // One pool for every level: a reconnect could race the server's one-connection limit.
    openPool: async () => ({ pool, done: async () => {} }),
    async close() {
      await pool.end();
      await server.stop();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates the scratch table afresh; resolves to the server's version. */
async function createTable(client: pg.ClientBase, table: string): Promise<string> {
  await client.query(`drop table if exists ${table}`);
  await client.query(`create table ${table} ${TABLE_COLUMNS}`);
  await client.query(`create index ${table}_chat_sent_index on ${table} (chat_id, sent_at desc, id desc)`);
  const { rows } = await client.query<{ server_version: string }>('show server_version');
  return rows[0]?.server_version ?? 'unknown';
}

async function warm(pool: pg.Pool, connections: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const client of clients) client.release();
}

/** Rows as the service would write them: a chat per sender, one channel, UUIDv7 ids, the same keys. */
export function baselineRows(specs: readonly TelegramSpec[], channelId: string): unknown[][] {
  const chats = new Map<number, string>();
  return specs.map((spec) => {
    let chatId = chats.get(spec.userId);
    if (chatId === undefined) chats.set(spec.userId, (chatId = uuidv7()));
    return [uuidv7(), chatId, channelId, 'incoming', 'text', spec.text, String(spec.messageId), spec.key, String(spec.userId), new Date(spec.date * 1000)];
  });
}

/** What one baseline level did, with the CPU the database and this process spent while it ran. */
export interface BaselineLevel {
  readonly result: LoopResult;
  readonly databaseCpuMs: number;
  readonly ownCpuMs: number;
}

/**
 * One measured baseline level: single-row INSERTs in autocommit at the given concurrency. The CPU is read
 * with the pool connected and before it closes: connecting and ending backends are not inserts.
 */
export async function runBaselineLevel(target: BaselineTarget, rows: readonly unknown[][], concurrency: number, durationMs: number): Promise<BaselineLevel> {
  const { pool, done } = await target.openPool(concurrency);
  const sql = `insert into ${target.table} (id, chat_id, channel_id, direction, type, text, external_id, idempotency_key, sender_external_id, sent_at, created_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`;
  try {
    const before = { database: target.databaseCpuMs(), own: ownCpuMs() };
    const result = await runClosedLoop({
      concurrency,
      durationMs,
      capacity: rows.length,
      attempt: async (index) => {
        await pool.query(sql, rows[index]);
        return null;
      },
    });
    return { result, databaseCpuMs: target.databaseCpuMs() - before.database, ownCpuMs: ownCpuMs() - before.own };
  } finally {
    await done();
  }
}
