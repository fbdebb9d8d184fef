import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMaintenance } from '../../infrastructure/embedded-maintenance.ts';

describe('embedded database maintenance: the autovacuum PGlite does not have', () => {
  let db: PGlite;
  const run = async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows;
  // Counters reach pg_stat_* when a backend reports them (at most once a second), or at once when told to.
  const flushStats = () => run('select pg_stat_force_next_flush()');
  const stats = async () => (await run(`select n_dead_tup::int as dead, last_vacuum is not null as vacuumed, last_analyze is not null as analyzed
    from pg_stat_user_tables where relname = 'chat'`))[0];
  const planOfPrepared = async () => (await run(`explain execute touch('{1,2,3}')`)).map((row) => String(row['QUERY PLAN'])).join('\n');

  beforeAll(async () => {
    db = await PGlite.create();
    // As the arrival statement touches chats: the ids as an array, prepared once per connection.
    await db.exec(`create table chat (id int primary key, unread int not null, filler text not null);
      insert into chat select g, 0, repeat('x', 200) from generate_series(1, 200) g;
      prepare touch(int[]) as update chat set unread = unread + 1 from unnest($1) as i(id) where chat.id = i.id`);
    // After five runs PostgreSQL keeps a generic plan, made for the table's size at that moment.
    for (let i = 0; i < 6; i += 1) await run(`execute touch('{1,2,3}')`);
  });
  afterAll(() => db.close());

  it('analyzes grown tables (so cached plans are made again for their size) and vacuums away dead rows', async () => {
    expect(await planOfPrepared()).toMatch(/Seq Scan on chat/);
    await db.exec(`insert into chat select g, 0, repeat('x', 200) from generate_series(201, 20000) g;
      update chat set unread = unread + 1 where id <= 6000`);
    await flushStats();
    expect(await stats()).toMatchObject({ vacuumed: false, analyzed: false });
    expect((await stats())!['dead']).toBeGreaterThan(5000);
    expect(await planOfPrepared(), 'the cached plan still scans the whole, now large, table').toMatch(/Seq Scan on chat/);

    const maintenance = startEmbeddedMaintenance(run, { intervalMs: 60_000, onError: (error) => { throw error; } });
    await maintenance.runOnce();
    await maintenance.stop();
    await flushStats();

    expect(await stats()).toMatchObject({ dead: 0, vacuumed: true, analyzed: true });
    expect(await planOfPrepared()).toMatch(/Index Scan using chat_pkey on chat/);
  });

  it('leaves tables alone that have not changed enough', async () => {
    await db.exec('update chat set unread = unread + 1 where id = 1');
    await flushStats();
    const ran: string[] = [];
    const maintenance = startEmbeddedMaintenance(async (sql) => { ran.push(sql); return run(sql); }, { intervalMs: 60_000, onError: () => {} });
    await maintenance.runOnce();
    await maintenance.stop();
    expect(ran).toHaveLength(1);
  });

  it('maintains one table per run, the one furthest past its threshold first, so no run holds the connection long', async () => {
    await db.exec(`create table busy (id int primary key); create table calm (id int primary key);
      insert into busy select generate_series(1, 5000); insert into calm select generate_series(1, 300)`);
    await flushStats();
    const ran: string[] = [];
    const maintenance = startEmbeddedMaintenance(async (sql) => { ran.push(sql); return run(sql); }, { intervalMs: 60_000, onError: () => {} });
    await maintenance.runOnce();
    await flushStats();
    await maintenance.runOnce();
    await maintenance.stop();
    expect(ran.filter((sql) => !sql.includes('pg_stat_user_tables'))).toEqual(['analyze "busy"', 'analyze "calm"']);
  });
});
