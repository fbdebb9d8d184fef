import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';

/** The part of a `pg` client used for hand-written statements. */
export interface RawClient {
  /** A named statement is parsed and planned once per connection, then only bound and run. */
  query<Row>(statement: { readonly name: string; readonly text: string; readonly values: readonly unknown[] }): Promise<{ rows: Row[] }>;
  /** Statements without parameters, several in one text: one round trip (the simple query protocol). */
  query(text: string): Promise<unknown>;
}

interface KnexClient {
  acquireConnection(): Promise<RawClient>;
  releaseConnection(connection: RawClient): Promise<unknown>;
}

/**
 * Runs `work` on one connection of MikroORM's own pool (on the embedded database, its only one), with
 * `$n` parameters and arrays passed as PostgreSQL arrays — what set-based statements need, without the
 * query builder's per-statement cost.
 */
export async function withRawClient<T>(orm: MikroORM, work: (client: RawClient) => Promise<T>): Promise<T> {
  const knex = (orm.em.getConnection() as PostgreSqlConnection).getKnex();
  const pool = knex.client as unknown as KnexClient;
  const client = await pool.acquireConnection();
  try {
    return await work(client);
  } finally {
    await pool.releaseConnection(client);
  }
}
