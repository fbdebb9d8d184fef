import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteWire } from '../../infrastructure/pglite-wire.ts';

describe('PgliteWire: node-postgres to the PGlite of this process, without a socket', () => {
  let db: PGlite;
  const connect = async () => {
    const client = new pg.Client({ connectionString: 'postgresql://postgres:postgres@pglite.invalid/postgres', stream: () => new PgliteWire(db) });
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec('create table note (id int primary key, body text not null)');
  });
  afterAll(() => db.close());

  it('runs simple and extended queries, with parameters, named statements and errors, in order', async () => {
    const client = await connect();
    try {
      const inserts = Array.from({ length: 20 }, (_, i) =>
        client.query({ name: 'insert-note', text: 'insert into note (id, body) values ($1, $2) returning id', values: [i, `n°${i} ✓`] }));
      expect((await Promise.all(inserts)).map((r) => r.rows[0].id)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      await expect(client.query('insert into note (id, body) values (1, $1)', ['twice'])).rejects.toMatchObject({ code: '23505' });
      const { rows } = await client.query('select count(*)::int as n, max(body) as last from note');
      expect(rows).toEqual([{ n: 20, last: 'n°9 ✓' }]);
      const big = 'x'.repeat(300_000);
      expect((await client.query('select $1::text as big', [big])).rows[0].big).toBe(big);
    } finally {
      await client.end();
    }
  });

  it('rolls back what a connection left open when it ends, and serves the next connection', async () => {
    const first = await connect();
    await first.query('begin');
    await first.query('insert into note (id, body) values (100, $1)', ['never committed']);
    await first.end();
    const second = await connect();
    try {
      expect((await second.query('select count(*)::int as n from note where id = 100')).rows).toEqual([{ n: 0 }]);
      expect(db.isInTransaction()).toBe(false);
    } finally {
      await second.end();
    }
  });
});
