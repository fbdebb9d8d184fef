import type { MikroORM, Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { entitySchemas } from './mapping/index.ts';
import { migrationsList } from './migrations/index.ts';

/** Where the database is and how many connections to hold. */
export interface OrmConnection {
  readonly clientUrl: string;
  readonly pool: { readonly min: number; readonly max: number };
}

/** MikroORM's options for Switchboard: our mappings, our migrations, no global EntityManager. */
export function ormOptions(connection: OrmConnection): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: connection.clientUrl,
    // tarn never reaps below `min`, so an embedded database keeps its one connection open.
    pool: { min: connection.pool.min, max: connection.pool.max },
    entities: entitySchemas,
    extensions: [Migrator],
    allowGlobalContext: false,
    // The database exists already: checking would open a second connection, which PGlite refuses.
    ensureDatabase: false,
    debug: false,
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
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

/** Applies the migrations not applied yet. */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}
