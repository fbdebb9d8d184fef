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

  // Protocol messages as node-postgres writes them: a startup message (no type byte), then typed ones.
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8, 0);
  startup.writeInt32BE(196608, 4);
  const message = (type: string, body: string) => {
    const payload = Buffer.from(body);
    const header = Buffer.alloc(5);
    header.write(type, 0);
    header.writeInt32BE(4 + payload.length, 1);
    return Buffer.concat([header, payload]);
  };
  const query = message('Q', 'select 1\0');

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

  // Ended by the pool, or destroyed by a client's error: either way the next connection finds no transaction of it.
  it.each([
    ['ends', 100, (client: pg.Client) => client.end()],
    ['is destroyed without ending', 300, (client: pg.Client) => {
      client.on('error', () => {});
      (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    }],
  ] as const)('rolls back what a connection left open when it %s, and serves the next connection', async (_how, id, goAway) => {
    const first = await connect();
    await first.query('begin');
    await first.query('insert into note (id, body) values ($1, $2)', [id, 'never committed']);
    await goAway(first);
    const second = await connect();
    try {
      expect((await second.query('select count(*)::int as n from note where id = $1', [id])).rows).toEqual([{ n: 0 }]);
      expect(db.isInTransaction()).toBe(false);
    } finally {
      await second.end();
    }
  });

  it('on a destroy, lets a statement already running end before it rolls back, and drops one not yet started', async () => {
    const log: string[] = [];
    let release = () => {};
    const running = new Promise<void>((resolve) => { release = resolve; });
    let inTransaction = true;
    const fake = {
      runExclusive: <T>(work: () => Promise<T>) => work(),
      execProtocolRawStream: async (message: Uint8Array) => {
        const type = String.fromCharCode(message[0]!);
        log.push(`${type} starts`);
        if (type === 'Q') await running;
        log.push(`${type} ends`);
      },
      isInTransaction: () => inTransaction,
      exec: async (sql: string) => { log.push(sql); inTransaction = false; },
    };
    const closed = (wire: PgliteWire) => new Promise((resolve) => wire.once('close', resolve));

    const busy = new PgliteWire(fake);
    busy.write(startup);
    busy.write(query);
    while (!log.includes('Q starts')) await new Promise((resolve) => setImmediate(resolve));
    const busyClosed = closed(busy);
    busy.destroy();
    release();
    await busyClosed;
    expect(log.slice(log.indexOf('Q starts'))).toEqual(['Q starts', 'Q ends', 'rollback']);

    inTransaction = true;
    const idle = new PgliteWire(fake);
    await new Promise<void>((resolve, reject) => idle.write(startup, (error) => (error ? reject(error) : resolve())));
    log.length = 0;
    idle.write(query);
    const idleClosed = closed(idle);
    idle.destroy();
    await idleClosed;
    expect(log).toEqual(['rollback']);
  });

  it('hands PGlite whole messages only, however the bytes were split, and never a Terminate', async () => {
    const calls: Buffer[] = [];
    const fake = {
      runExclusive: <T>(work: () => Promise<T>) => work(),
      execProtocolRawStream: async (message: Uint8Array) => void calls.push(Buffer.from(message)),
      isInTransaction: () => false,
      exec: async () => undefined,
    };
    const wire = new PgliteWire(fake);
    const write = (bytes: Buffer) => new Promise<void>((resolve, reject) => wire.write(bytes, (error) => (error ? reject(error) : resolve())));
    await write(startup.subarray(0, 3));
    await write(Buffer.concat([startup.subarray(3), query.subarray(0, 6)]));
    await write(Buffer.concat([query.subarray(6), message('X', '')]));
    expect(calls).toEqual([startup, query]);
  });
});
