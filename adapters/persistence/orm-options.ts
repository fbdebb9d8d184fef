import type { MikroORM, Options } from '@mikro-orm/core';
import type { Duplex } from 'node:stream';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { entitySchemas } from './mapping/index.ts';
import { loadMigrations, migrationNames } from './migrations/index.ts';
import { SESSION_SQL } from './session-settings.ts';

const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** Where the database is and how many connections to hold. */
export interface OrmConnection {
  readonly clientUrl: string;
  readonly pool: { readonly min: number; readonly max: number };
  /** A connection's byte stream, where it is not a socket to `clientUrl` (node-postgres's `stream` option). */
  readonly stream?: (() => Duplex) | undefined;
}

/** The part of a pg client the pool's `afterCreate` uses. */
interface NewConnection {
  query(sql: string, callback: (error: Error | null) => void): void;
  end(): Promise<void>;
}

/** Applies the session settings to a connection the pool just opened; one that refuses them is closed, not kept. */
function applySessionSettings(client: NewConnection, done: (error: Error | null, client: NewConnection) => void): void {
  client.query(SESSION_SQL, (error) => {
    if (error) void client.end().catch(() => {});
    done(error, client);
  });
}

/**
 * MikroORM's options for Switchboard: our mappings, our migrations, no global EntityManager. The migrator and
 * the migrations' classes are registered by `migrate` when one is pending (most starts have none).
 */
export function ormOptions(connection: OrmConnection): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: connection.clientUrl,
    // tarn never reaps below `min`, so an embedded database keeps its one connection open.
    pool: {
      min: connection.pool.min, max: connection.pool.max,
      afterCreate: applySessionSettings,
    },
    ...(connection.stream ? { driverOptions: { connection: { stream: connection.stream } } } : {}),
    entities: entitySchemas,
    allowGlobalContext: false,
    // The database exists already: checking would open a second connection, which PGlite refuses.
    ensureDatabase: false,
    debug: false,
    migrations: {
      tableName: MIGRATIONS_TABLE,
      path: 'adapters/persistence/migrations',
      transactional: true,
      allOrNothing: true,
      // Replica mode needs a superuser; our migrations never need foreign keys switched off.
      disableForeignKeys: false,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
  };
}

/**
 * Applies the migrations not applied yet. Most starts have none pending: one read of the migrations table says
 * so, and the migrator is not consulted, because its own check lists every table with its comment, a catalog
 * query that cost ~125 ms of a warm start on the embedded database (bench/footprint).
 */
export async function migrate(orm: MikroORM): Promise<void> {
  if (await allMigrationsApplied(orm)) return;
  const [{ Migrator }, migrationsList] = await Promise.all([import('@mikro-orm/migrations'), loadMigrations()]);
  orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList });
  Migrator.register(orm);
  await orm.getMigrator().up();
}

async function allMigrationsApplied(orm: MikroORM): Promise<boolean> {
  let rows: Array<{ name: string }>;
  try {
    rows = await orm.em.fork().getConnection().execute(`select name from ${MIGRATIONS_TABLE}`);
  } catch {
    // No table yet (a new database): the migrator creates it. Any other failure, the migrator meets and reports.
    return false;
  }
  const applied = new Set(rows.map((row) => row.name));
  return migrationNames.every((name) => applied.has(name));
}
