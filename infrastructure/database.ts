import { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../application/ports/clock.ts';
import type { Ids } from '../application/ports/ids.ts';
import type { Transaction } from '../application/ports/transaction.ts';
import { migrate, ormOptions, type OrmConnection } from '../adapters/persistence/orm-options.ts';
import { jsonSettingsCodec, useSettingsCodec, type SettingsCodec } from '../adapters/persistence/settings-codec.ts';
import { createMikroOrmTransaction } from '../adapters/persistence/transaction.ts';
import { startEmbeddedMaintenance } from './embedded-maintenance.ts';
import { startEmbedded, type EmbeddedEndpoint } from './embedded-endpoint.ts';

/** Where the data lives: a PostgreSQL server, or an embedded PGlite (in a folder, or in memory with `dataDir: null`). */
export interface DatabaseOptions {
  readonly databaseUrl?: string | undefined;
  /** PGlite's own folder (locked while open); null keeps the database in memory (tests). */
  readonly dataDir?: string | null | undefined;
  /** The embedded database, already starting (`npm start` starts it before it loads the rest: early-start.ts); used instead of `dataDir`. */
  readonly started?: Promise<EmbeddedEndpoint> | undefined;
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
  if (options.started) return options.started;
  if (options.dataDir === undefined) throw new Error('openDatabase needs a databaseUrl or a dataDir (null for an in-memory database)');
  return startEmbedded(options.dataDir);
}
