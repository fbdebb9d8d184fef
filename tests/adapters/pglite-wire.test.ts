import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedStartParams } from '../../infrastructure/embedded-initdb.ts';
import { PgliteThread } from '../../infrastructure/pglite-thread.ts';
import { PgliteWire } from '../../infrastructure/pglite-wire.ts';

describe('PgliteWire: node-postgres to the PGlite thread of this process, without a socket', () => {
  let db: PgliteThread;
  const connect = async () => {
    const client = new pg.Client({ connectionString: 'postgresql://postgres:postgres@pglite.invalid/postgres', stream: () => new PgliteWire(db.connect()) });
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    db = await PgliteThread.start({ dataDir: null, startParams: embeddedStartParams(PGlite.defaultStartParams) });
    const client = await connect();
    await client.query('create table note (id int primary key, body text not null)').finally(() => client.end());
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
      // Outside a transaction, the server's own transaction id changes with every statement.
      const first = await second.query('select txid_current() as id');
      expect((await second.query('select txid_current() as id')).rows[0].id).not.toBe(first.rows[0].id);
    } finally {
      await second.end();
    }
  });

  it('shares the one session among connections a transaction at a time: no statement of another runs inside it', async () => {
    const [owner, other] = await Promise.all([connect(), connect()]);
    try {
      await owner.query('begin');
      await owner.query('insert into note (id, body) values (200, $1)', ['rolled back']);
      let otherDone = false;
      const otherInsert = other.query('insert into note (id, body) values (201, $1)', ['committed on its own']).then(() => { otherDone = true; });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(otherDone).toBe(false);
      await owner.query('select pg_sleep(0.01)');
      await owner.query('rollback');
      await otherInsert;
      expect((await owner.query('select array_agg(id order by id) as ids from note where id in (200, 201)')).rows).toEqual([{ ids: [201] }]);
    } finally {
      await Promise.all([owner.end(), other.end()]);
    }
  });

  it('prepares a named statement once for the session, whichever connection asks first', async () => {
    const clients = await Promise.all([connect(), connect(), connect()]);
    try {
      const count = (client: pg.Client, id: number) => client.query({ name: 'count-note', text: 'select count(*)::int as n from note where id = $1', values: [id] });
      const answers = await Promise.all(clients.flatMap((client) => [count(client, 1), count(client, 999)]));
      expect(answers.map((answer) => answer.rows[0].n)).toEqual([1, 0, 1, 0, 1, 0]);
      // Another text under a name the session knows is PostgreSQL's to refuse, not ours to hide.
      const renamed = new pg.Client({ connectionString: 'postgresql://postgres:postgres@pglite.invalid/postgres', stream: () => new PgliteWire(db.connect()) });
      await renamed.connect();
      await expect(renamed.query({ name: 'count-note', text: 'select 2 as n' })).rejects.toMatchObject({ code: '42P05' });
      await renamed.end();
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it('frees the session when a connection in a transaction is destroyed without ending', async () => {
    const [broken, other] = await Promise.all([connect(), connect()]);
    await broken.query('begin');
    await broken.query('insert into note (id, body) values (300, $1)', ['lost with its connection']);
    broken.on('error', () => {});
    (broken as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    try {
      expect((await other.query('select count(*)::int as n from note where id = 300')).rows).toEqual([{ n: 0 }]);
    } finally {
      await other.end();
    }
  });

  it('hands PGlite whole messages only, however the bytes were split, and never a Terminate', async () => {
    const calls: Buffer[] = [];
    const fake = {
      exchange: async (message: Uint8Array) => (calls.push(Buffer.from(message)), new Uint8Array(0)),
      rollBackLeftOpen: async () => undefined,
    };
    const wire = new PgliteWire(fake);
    const message = (type: string, body: string) => {
      const payload = Buffer.from(body);
      const header = Buffer.alloc(5);
      header.write(type, 0);
      header.writeInt32BE(4 + payload.length, 1);
      return Buffer.concat([header, payload]);
    };
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8, 0);
    startup.writeInt32BE(196608, 4);
    const query = message('Q', 'select 1\0');
    const write = (bytes: Buffer) => new Promise<void>((resolve, reject) => wire.write(bytes, (error) => (error ? reject(error) : resolve())));
    await write(startup.subarray(0, 3));
    await write(Buffer.concat([startup.subarray(3), query.subarray(0, 6)]));
    await write(Buffer.concat([query.subarray(6), message('X', '')]));
    expect(calls).toEqual([startup, query]);
  });
});
