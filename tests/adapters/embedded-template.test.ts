import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrationNames } from '../../adapters/persistence/migrations/index.ts';
import { openDatabase } from '../../infrastructure/database.ts';
import { embeddedStartParams, needsInitdb } from '../../infrastructure/embedded-initdb.ts';
import { copyTemplate, ensureTemplate, templateDirFor } from '../../infrastructure/embedded-template.ts';

const startParams = embeddedStartParams(PGlite.defaultStartParams);

/** Every file under `dir` with its size and modification time. */
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => { const path = join(e.parentPath, e.name); const s = statSync(path); return `${path} ${s.size} ${s.mtimeMs}`; }).sort();

const nameFor = (params: readonly string[], migrations?: readonly string[]): string => {
  const dir = templateDirFor(params, migrations);
  if (!dir) throw new Error('no template location here');
  return basename(dir);
};

/** The rows of the MikroORM migrations table of a data folder. */
async function appliedIn(dataDir: string): Promise<Array<{ id: number; name: string; executed_at: Date }>> {
  const db = await PGlite.create({ dataDir, startParams });
  try {
    return (await db.query<{ id: number; name: string; executed_at: Date }>('select id, name, executed_at from mikro_orm_migrations order by id')).rows;
  } finally {
    await db.close();
  }
}

describe('the embedded data folder template', () => {
  let root: string;
  let cache: string;
  let template: string;
  const current = nameFor(startParams);
  const olderMigrations = nameFor(startParams, migrationNames.slice(0, -1));
  const otherParams = nameFor([...startParams, '-c', 'work_mem=8MB']);
  const beforeMigrationsKeyed = current.slice(0, current.lastIndexOf('-')); // pglite-<version>-<PGlite key>
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchboard-template-'));
    cache = join(root, 'cache');
    for (const name of ['pglite-0.0.1-0123456789abcdef-0123456789abcdef', otherParams, beforeMigrationsKeyed, olderMigrations]) {
      mkdirSync(join(cache, name), { recursive: true });
      writeFileSync(join(cache, name, 'PG_VERSION'), '17\n');
    }
    template = await ensureTemplate(join(cache, current), startParams);
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is made where its folder\'s parents do not exist yet (node_modules/.cache on a fresh install)', async () => {
    const fresh = join(root, 'fresh', 'cache', current);
    expect(await ensureTemplate(fresh, startParams)).toBe(fresh);
    expect((await appliedIn(fresh)).map((row) => row.name)).toEqual(migrationNames);
  }, 120_000);

  it('is keyed by the PGlite version, the start parameters and the migrations', () => {
    const { version } = JSON.parse(readFileSync(join('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
    expect(current).toMatch(new RegExp(`^pglite-${version.replaceAll('.', '\\.')}-[0-9a-f]{16}-[0-9a-f]{16}$`));
    expect(otherParams).not.toBe(current);
    // An older list of migrations: the same PGlite key, another migrations key.
    expect(olderMigrations).not.toBe(current);
    expect(olderMigrations.slice(0, -16)).toBe(current.slice(0, -16));
    expect(nameFor(startParams, migrationNames)).toBe(current);
  });

  it('is made complete under its own name; templates of other PGlite versions, of older migrations and of the naming before are deleted', () => {
    expect(template).toBe(join(cache, current));
    expect(needsInitdb(template)).toBe(false);
    expect(readdirSync(cache).sort()).toEqual([current, otherParams].sort());
  });

  it('carries every migration: its migrations table lists each one once, in order', async () => {
    const dir = join(root, 'listed');
    mkdirSync(dir);
    copyTemplate(template, dir);
    expect((await appliedIn(dir)).map((row) => row.name)).toEqual(migrationNames);
  }, 60_000);

  it('gives a data folder with no migration pending: a start applies none', async () => {
    const dir = join(root, 'started');
    mkdirSync(dir);
    copyTemplate(template, dir);
    const before = await appliedIn(dir);
    const database = await openDatabase({ dataDir: dir });
    try {
      const { Migrator } = await import('@mikro-orm/migrations');
      database.orm.config.set('migrations', { ...database.orm.config.get('migrations'), migrationsList: await loadMigrations() });
      Migrator.register(database.orm);
      expect(await database.orm.getMigrator().getPendingMigrations()).toEqual([]);
      const tables = await database.orm.em.fork().getConnection().execute<Array<{ n: number }>>(
        `select count(*)::int as n from pg_tables where schemaname = 'public' and tablename in ('chat', 'message', 'channel')`);
      expect(tables).toEqual([{ n: 3 }]);
    } finally {
      await database.close();
    }
    expect(await appliedIn(dir)).toEqual(before);
  }, 60_000);

  it('a folder copied from a template without the last migration gets it applied at start', async () => {
    const dir = join(root, 'older');
    mkdirSync(dir);
    copyTemplate(template, dir);
    // What a template made before 0010-job-kind-claim-index holds: no such index, no row for it.
    const db = await PGlite.create({ dataDir: dir, startParams });
    await db.exec(`drop index job_kind_claim_index; delete from mikro_orm_migrations where name = '0010-job-kind-claim-index'`);
    await db.close();
    const database = await openDatabase({ dataDir: dir });
    await database.close();
    expect((await appliedIn(dir)).map((row) => row.name)).toEqual(migrationNames);
    const check = await PGlite.create({ dataDir: dir, startParams });
    expect((await check.query(`select array_agg(indexname::text order by indexname) as names from pg_indexes where tablename = 'job'`)).rows)
      .toEqual([{ names: ['job_claim_index', 'job_kind_claim_index', 'job_pkey'] }]);
    await check.close();
  }, 60_000);

  it('one keyed by an older list of migrations is never used, and is deleted once the current one is there', async () => {
    const older = join(cache, olderMigrations);
    mkdirSync(older);
    writeFileSync(join(older, 'PG_VERSION'), '17\n');
    writeFileSync(join(older, 'only-in-older'), '');
    const used = await ensureTemplate(join(cache, current), startParams);
    expect(used).toBe(template);
    expect(existsSync(older)).toBe(false);
    const dir = join(root, 'from-current');
    mkdirSync(dir);
    copyTemplate(used, dir);
    expect(existsSync(join(dir, 'only-in-older'))).toBe(false);
  });

  it('is used as it is when it exists; one left half-made long ago is deleted then, one being made now is not', async () => {
    const abandoned = join(cache, `${current}.tmp-1-old`);
    const making = join(cache, `${current}.tmp-2-new`);
    for (const dir of [abandoned, making]) mkdirSync(dir);
    const longAgo = new Date(Date.now() - 60 * 60_000);
    utimesSync(abandoned, longAgo, longAgo);
    const before = filesOf(template);
    const again = await ensureTemplate(template, startParams);
    expect(again).toBe(template);
    expect(filesOf(template)).toEqual(before);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(making)).toBe(true);
    rmSync(making, { recursive: true });
  });

  it('gives each data folder its own copy: what one writes, neither the other nor the template sees', async () => {
    const before = filesOf(template);
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    for (const dir of [a, b]) {
      mkdirSync(dir);
      copyTemplate(template, dir);
      expect(needsInitdb(dir)).toBe(false);
    }
    const first = await PGlite.create({ dataDir: a, startParams });
    await first.exec('create table only_in_a (id int); insert into only_in_a values (1)');
    await first.close();
    const second = await PGlite.create({ dataDir: b, startParams });
    expect((await second.query(`select count(*)::int as n from pg_class where relname = 'only_in_a'`)).rows).toEqual([{ n: 0 }]);
    await second.close();
    const reopened = await PGlite.create({ dataDir: a, startParams });
    expect((await reopened.query('select id from only_in_a')).rows).toEqual([{ id: 1 }]);
    await reopened.close();
    expect(filesOf(template)).toEqual(before);
  }, 90_000);

  it('a copy cut short (no PG_VERSION yet) counts as new and is copied again over', () => {
    const dir = join(root, 'partial');
    mkdirSync(join(dir, 'base'), { recursive: true });
    expect(needsInitdb(dir)).toBe(true);
    copyTemplate(template, dir);
    expect(needsInitdb(dir)).toBe(false);
    expect(existsSync(join(dir, 'global', 'pg_control'))).toBe(true);
  });
});
