import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationNames } from '../adapters/persistence/migrations/index.ts';
import { initdbInChildProcess } from './embedded-initdb.ts';

/**
 * A PGlite data folder with Switchboard's schema (a fresh initdb, then every migration applied, closed cleanly,
 * never used since), kept in node_modules/.cache/switchboard/ beside the PGlite it was made by. A new data
 * folder is a copy of it: PGlite's initdb costs ~5 s of CPU (WASM) on every new folder, and the migrations
 * ~0.5-0.9 s more (44 statements, mostly first-time WASM compilation); a copy of its ~40 MB a fraction of that.
 * It is made by `npm install` (the postinstall script) or, failing that, by the first new folder.
 *
 * - A copy, never a link: PGlite writes its files in place, so folders must share no file.
 * - Keyed by PGlite's version, the sizes of its WASM and file-system bundle, and the start parameters it was
 *   made with: a template of another PGlite is never used (a new one is made under its own name, and
 *   templates of other versions are deleted then).
 * - Keyed as well by the migrations it carries (their names in order and a hash of each one's source): a
 *   template made before a migration was added or edited is never used; it is deleted when the current one
 *   is there. Its MikroORM migrations table lists what was applied to it, and every start still checks that
 *   table, so a folder copied from an older template (or made before templates) gets what is pending.
 * - Made in a folder of its own and renamed into place when complete, so a crash or two processes at once
 *   never leave a half-made template under the name that is used.
 * - Copies share PostgreSQL's system identifier (as PGlite's own `clone()` does); it only ties WAL files to
 *   a cluster for replication and archives, which an embedded folder has none of.
 */
const CACHE_PREFIX = 'pglite-';
const VERSION_FILE = 'PG_VERSION';
/** A template being made by a process that crashed: removed once it is this old. */
const ABANDONED_MS = 10 * 60_000;

/** Length of each of the two keys in a template's name: pglite-<version>-<PGlite key>-<migrations key>. */
const KEY_LENGTH = 16;

/**
 * Where the template for these start parameters and migrations is (or would be); undefined when PGlite is not
 * files in a node_modules folder, or the migrations' sources cannot be read (then no template is used).
 * `migrations` is the ordered list of migration names the template carries (default: every one there is).
 */
export function templateDirFor(startParams: readonly string[], migrations: readonly string[] = migrationNames): string | undefined {
  try {
    const pglite = packageDirOf(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
    const nodeModules = dirname(dirname(pglite)); // node_modules/@electric-sql/pglite
    if (basename(nodeModules) !== 'node_modules') return undefined;
    const { version } = JSON.parse(readFileSync(join(pglite, 'package.json'), 'utf8')) as { version: string };
    const sizes = ['pglite.wasm', 'initdb.wasm', 'pglite.data'].map((file) => statSync(join(pglite, 'dist', file)).size);
    const key = hashOf({ version, sizes, startParams });
    const migrationsKey = migrationsKeyOf(migrations, migrationsDir(nodeModules));
    return join(nodeModules, '.cache', 'switchboard', `${CACHE_PREFIX}${version}-${key}-${migrationsKey}`);
  } catch {
    // Under a runtime that resolves packages elsewhere (not a file), a PGlite laid out differently, or no sources.
    return undefined;
  }
}

const hashOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, KEY_LENGTH);

/** The migrations' key: each name in order with a hash of its source file (`<name>.ts`); throws when one is missing. */
function migrationsKeyOf(names: readonly string[], dir: string): string {
  return hashOf(names.map((name) => [name, createHash('sha256').update(readFileSync(join(dir, `${name}.ts`))).digest('hex')]));
}

/**
 * The folder of the migrations' sources: beside this module's folder (tsx, Deno), or, from `npm start`'s bundle
 * (which runs from node_modules/.cache/switchboard/), in the project that holds node_modules.
 */
function migrationsDir(nodeModules: string): string {
  const beside = fileURLToPath(new URL('../adapters/persistence/migrations/', import.meta.url));
  return existsSync(join(beside, 'index.ts')) ? beside : join(dirname(nodeModules), 'adapters', 'persistence', 'migrations');
}

/** The folder holding the package.json of the package `file` belongs to. */
function packageDirOf(file: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${file}`);
}

const isComplete = (template: string): boolean => existsSync(join(template, VERSION_FILE));

/**
 * Makes the template unless it exists: initdb in a child process into a folder of its own, every migration
 * applied to it in this process, then renamed into place. Resolves to its folder; rejects when it cannot be
 * made here (e.g. node_modules is read-only, or no child process can run).
 */
export async function ensureTemplate(template: string, startParams: readonly string[]): Promise<string> {
  if (isComplete(template)) {
    removeStaleTemplates(template);
    return template;
  }
  const making = `${template}.tmp-${process.pid}-${Date.now().toString(36)}`;
  // On a fresh install node_modules/.cache/switchboard does not exist yet, and PGlite makes only the last folder.
  mkdirSync(dirname(template), { recursive: true });
  try {
    await initdbInChildProcess(making, startParams);
    if (!isComplete(making)) throw new Error(`initdb left no ${VERSION_FILE} in ${making}`);
    await applyMigrations(making, startParams);
    try {
      renameSync(making, template);
    } catch (error) {
      // Another process renamed its own first: use that one.
      if (!isComplete(template)) throw error;
    }
  } finally {
    rmSync(making, { recursive: true, force: true });
  }
  removeStaleTemplates(template);
  return template;
}

/**
 * Opens the folder with PGlite in this process, applies every migration through MikroORM as a start would, and
 * closes both cleanly. Imported here, not at the top: the postinstall script imports this module outside its
 * guard, so nothing it loads may fail `npm install`.
 */
async function applyMigrations(dataDir: string, startParams: readonly string[]): Promise<void> {
  const [{ PGlite }, { MikroORM }, { migrate, ormOptions }, { PgliteWire }] = await Promise.all([
    import('@electric-sql/pglite'), import('@mikro-orm/postgresql'), import('../adapters/persistence/orm-options.ts'), import('./pglite-wire.ts'),
  ]);
  const db = await PGlite.create({ dataDir, startParams: [...startParams] });
  try {
    // Host and port are never dialled: the stream is the connection (as in database.ts).
    const clientUrl = 'postgresql://postgres:postgres@pglite.invalid:5432/postgres';
    const orm = await MikroORM.init(ormOptions({ clientUrl, pool: { min: 1, max: 1 }, stream: () => new PgliteWire(db) }));
    try {
      await migrate(orm);
    } finally {
      await orm.close(true);
    }
  } finally {
    await db.close();
  }
}

/**
 * Deletes templates of other PGlite versions, of older migrations (same PGlite and start parameters), of the
 * naming before migrations were part of the key, and ones abandoned half-made (a process killed while making
 * one); never the current one, nor one of the same PGlite made with other start parameters.
 */
function removeStaleTemplates(template: string): void {
  try {
    removeStaleTemplatesOrThrow(template);
  } catch {
    // Another process removed it first, or the folder is read-only: stale ones only take space.
  }
}

function removeStaleTemplatesOrThrow(template: string): void {
  const cache = dirname(template);
  const current = basename(template);
  const sameParams = current.slice(0, current.length - KEY_LENGTH); // pglite-<version>-<PGlite key>-
  const sameVersion = sameParams.slice(0, sameParams.length - KEY_LENGTH - 1); // pglite-<version>-
  for (const name of readdirSync(cache)) {
    if (!name.startsWith(CACHE_PREFIX) || name === current) continue;
    const path = join(cache, name);
    const otherVersion = !name.startsWith(sameVersion);
    const making = name.includes('.tmp-');
    const abandoned = making && Date.now() - statSync(path).mtimeMs > ABANDONED_MS;
    // Same PGlite, other start parameters: pglite-<version>-<other key>-<migrations key>, kept.
    const otherParams = !name.startsWith(sameParams) && name.length === current.length;
    if (otherVersion || abandoned || (!making && !otherParams)) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Copies the template into `dataDir` (an empty folder the caller holds the lock of). PG_VERSION is copied
 * last: a folder without it counts as new, so a copy cut short is made again on the next start.
 */
export function copyTemplate(template: string, dataDir: string): void {
  cpSync(template, dataDir, { recursive: true, force: true, filter: (source) => source !== join(template, VERSION_FILE) });
  copyFileSync(join(template, VERSION_FILE), join(dataDir, VERSION_FILE));
}

/**
 * Creates a new data folder from the template (made first if missing); false when no template can be had
 * here, and the caller runs initdb itself.
 */
export async function createFromTemplate(dataDir: string, startParams: readonly string[]): Promise<boolean> {
  const location = templateDirFor(startParams);
  if (!location) return false;
  const template = await ensureTemplate(location, startParams).catch(() => undefined);
  if (!template) return false;
  copyTemplate(template, dataDir);
  return true;
}
