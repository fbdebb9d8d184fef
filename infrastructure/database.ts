import { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../application/ports/clock.ts';
import type { Ids } from '../application/ports/ids.ts';
import type { Transaction } from '../application/ports/transaction.ts';
import { migrate, ormOptions, type OrmConnection } from '../adapters/persistence/orm-options.ts';
import { jsonSettingsCodec, useSettingsCodec, type SettingsCodec } from '../adapters/persistence/settings-codec.ts';
import { createMikroOrmTransaction } from '../adapters/persistence/transaction.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { startEmbeddedMaintenance } from './embedded-maintenance.ts';
import { PgliteWire } from './pglite-wire.ts';
import { embeddedStartParams, initdbInChildProcess, needsInitdb } from './embedded-initdb.ts';
import { createFromTemplate } from './embedded-template.ts';

/** Where the data lives: a PostgreSQL server, or an embedded PGlite (in a folder, or in memory with `dataDir: null`). */
export interface DatabaseOptions {
  readonly databaseUrl?: string | undefined;
  /** PGlite's own folder (locked while open); null keeps the database in memory (tests). */
  readonly dataDir?: string | null | undefined;
  /** How channel settings are written (default: plain JSON). */
  readonly settingsCodec?: SettingsCodec | undefined;
  /** Connections to a PostgreSQL server (default 10); the embedded database always has exactly one. */
  readonly poolMax?: number | undefined;
  /** How often the embedded database vacuums and analyzes the tables that need it (one table per tick, default every 2 s; embedded-maintenance.ts). */
  readonly maintenanceIntervalMs?: number | undefined;
  /** Told of a failure of work the database does on its own (the embedded database's maintenance). */
  readonly onBackgroundError?: ((error: unknown) => void) | undefined;
  /** Ids and clock of the job queue (default: UUIDv7 and the system clock). */
  readonly ids?: Ids | undefined;
  readonly clock?: Clock | undefined;
}

/** An open, migrated database. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly orm: MikroORM;
  readonly transaction: Transaction;
  /** Resolves when the database answers a query (for health checks). */
  ping(): Promise<void>;
  /** Closes the ORM, then the embedded server and database, then releases the data folder; safe to call twice. */
  close(): Promise<void>;
}

interface Endpoint extends OrmConnection {
  readonly kind: Database['kind'];
  stop(): Promise<void>;
}

/** Opens the database the options point at, applies pending migrations, and hands out transactions. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const endpoint = await startEndpoint(options);
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init(ormOptions(endpoint));
    useSettingsCodec(orm.config, options.settingsCodec ?? jsonSettingsCodec);
    await assertAnswers(orm, endpoint);
    await migrate(orm);
  } catch (error) {
    await orm?.close(true);
    await endpoint.stop();
    throw error;
  }
  return databaseOf(orm, endpoint, options);
}

function databaseOf(orm: MikroORM, endpoint: Endpoint, options: DatabaseOptions): Database {
  let closed: Promise<void> | undefined;
  const maintenance = endpoint.kind === 'pglite'
    ? startEmbeddedMaintenance((sql) => orm.em.fork().execute(sql), {
      intervalMs: options.maintenanceIntervalMs ?? 2_000,
      onError: options.onBackgroundError ?? ((error) => console.error('embedded database maintenance failed', error)),
    })
    : undefined;
  return {
    kind: endpoint.kind,
    orm,
    transaction: createMikroOrmTransaction(orm, { ids: options.ids, clock: options.clock }),
    ping: async () => void (await orm.em.fork().execute('select 1')),
    close: () => (closed ??= Promise.resolve(maintenance?.stop()).then(() => orm.close(true)).finally(() => endpoint.stop())),
  };
}

/** Fails with the server and reason (never the password); the migrator would otherwise create a mistyped database. */
async function assertAnswers(orm: MikroORM, endpoint: Endpoint): Promise<void> {
  const check = await orm.checkConnection();
  if (check.ok) return;
  const url = new URL(endpoint.clientUrl);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  throw new Error(`The database ${where} does not answer: ${check.reason}`, { cause: check.error });
}

function startEndpoint(options: DatabaseOptions): Promise<Endpoint> {
  if (options.databaseUrl) {
    const pool = { min: 1, max: options.poolMax ?? 10 };
    return Promise.resolve({ kind: 'postgres', clientUrl: options.databaseUrl, pool, stop: async () => {} });
  }
  if (options.dataDir === undefined) throw new Error('openDatabase needs a databaseUrl or a dataDir (null for an in-memory database)');
  return startEmbedded(options.dataDir);
}

/**
 * A new folder is a copy of a template that carries the schema (embedded-template.ts; the migrations check at
 * open then finds none pending), made by `npm install` or else by the first new folder. Without one, initdb
 * runs in a child process, whose memory is freed when it ends; where that cannot run either (under Deno
 * `process.execPath` is deno, which has no `-e`), PGlite runs initdb in-process as before.
 */
async function createIfNew(dataDir: string, startParams: readonly string[]): Promise<void> {
  if (!needsInitdb(dataDir)) return;
  if (await createFromTemplate(dataDir, startParams)) return;
  await initdbInChildProcess(dataDir, startParams).catch((error: unknown) => {
    if (!needsInitdb(dataDir)) throw error;
  });
}

/**
 * PGlite in this process, spoken to over the PostgreSQL wire protocol without a socket (pglite-wire.ts), so
 * MikroORM uses its ordinary pg driver. One connection only: PGlite has one session, so requests queue in the pool.
 */
async function startEmbedded(dataDir: string | null): Promise<Endpoint> {
  const lock = dataDir === null ? undefined : await lockDataDir(dataDir);
  const stops: Array<() => Promise<unknown>> = [async () => lock?.release()];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    // Loaded here, not at the top: a service on a PostgreSQL server never needs PGlite (~3 MB of heap, ~70 ms).
    const { PGlite } = await import('@electric-sql/pglite');
    const startParams = embeddedStartParams(PGlite.defaultStartParams);
    if (lock) await createIfNew(lock.dir, startParams);
    const db = lock ? await PGlite.create({ dataDir: lock.dir, startParams }) : await PGlite.create({ startParams });
    stops.push(() => db.close());
    // Host and port are never dialled: the stream is the connection.
    const clientUrl = 'postgresql://postgres:postgres@pglite.invalid:5432/postgres';
    return { kind: 'pglite', clientUrl, pool: { min: 1, max: 1 }, stream: () => new PgliteWire(db), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
