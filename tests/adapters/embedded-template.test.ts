import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedStartParams, needsInitdb } from '../../infrastructure/embedded-initdb.ts';
import { copyTemplate, ensureTemplate, templateDirFor } from '../../infrastructure/embedded-template.ts';

const startParams = embeddedStartParams(PGlite.defaultStartParams);

/** Every file under `dir` with its size and modification time. */
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => { const path = join(e.parentPath, e.name); const s = statSync(path); return `${path} ${s.size} ${s.mtimeMs}`; }).sort();

describe('the embedded data folder template', () => {
  let root: string;
  let template: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchboard-template-'));
    const cache = join(root, 'cache');
    mkdirSync(join(cache, 'pglite-0.0.1-0123456789abcdef'), { recursive: true }); // another PGlite's
    mkdirSync(join(cache, 'pglite-0.5.14-fedcba9876543210'), { recursive: true }); // this version, other parameters
    template = await ensureTemplate(join(cache, 'pglite-0.5.14-0000000000000000'), startParams);
  }, 90_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is keyed by the PGlite version and the start parameters', () => {
    const here = templateDirFor(startParams);
    const { version } = JSON.parse(readFileSync(join('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
    expect(here && basename(here)).toMatch(new RegExp(`^pglite-${version.replaceAll('.', '\\.')}-[0-9a-f]{16}$`));
    expect(templateDirFor([...startParams, '-c', 'work_mem=8MB'])).not.toBe(here);
  });

  it('is made complete under its own name, and templates of other PGlite versions are deleted', () => {
    expect(needsInitdb(template)).toBe(false);
    expect(readdirSync(join(root, 'cache')).sort()).toEqual(['pglite-0.5.14-0000000000000000', 'pglite-0.5.14-fedcba9876543210']);
  });

  it('is used as it is when it exists; one left half-made long ago is deleted then, one being made now is not', async () => {
    const cache = join(root, 'cache');
    const abandoned = join(cache, 'pglite-0.5.14-0000000000000000.tmp-1-old');
    const making = join(cache, 'pglite-0.5.14-0000000000000000.tmp-2-new');
    for (const dir of [abandoned, making]) mkdirSync(dir);
    const longAgo = new Date(Date.now() - 60 * 60_000);
    utimesSync(abandoned, longAgo, longAgo);
    const again = await ensureTemplate(template, startParams);
    expect(again).toBe(template);
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
