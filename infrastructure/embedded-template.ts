import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initdbInChildProcess } from './embedded-initdb.ts';

/**
 * A pristine PGlite data folder (a fresh initdb, opened once and closed cleanly, never used since), kept in
 * node_modules/.cache/switchboard/ beside the PGlite it was made by. A new data folder is a copy of it:
 * PGlite's initdb costs ~5 s of CPU (WASM) on every new folder, a copy of its ~40 MB a fraction of that.
 * It is made by `npm install` (the postinstall script) or, failing that, by the first new folder.
 *
 * - A copy, never a link: PGlite writes its files in place, so folders must share no file.
 * - Keyed by PGlite's version, the sizes of its WASM and file-system bundle, and the start parameters it was
 *   made with: a template of another PGlite is never used (a new one is made under its own name, and
 *   templates of other versions are deleted then).
 * - Made in a folder of its own and renamed into place when complete, so a crash or two processes at once
 *   never leave a half-made template under the name that is used.
 * - Copies share PostgreSQL's system identifier (as PGlite's own `clone()` does); it only ties WAL files to
 *   a cluster for replication and archives, which an embedded folder has none of.
 */
const CACHE_PREFIX = 'pglite-';
const VERSION_FILE = 'PG_VERSION';
/** A template being made by a process that crashed: removed once it is this old. */
const ABANDONED_MS = 10 * 60_000;

/** Where the template for these start parameters is (or would be); undefined when PGlite is not files in a node_modules folder. */
export function templateDirFor(startParams: readonly string[]): string | undefined {
  try {
    const pglite = packageDirOf(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
    const nodeModules = dirname(dirname(pglite)); // node_modules/@electric-sql/pglite
    if (basename(nodeModules) !== 'node_modules') return undefined;
    const { version } = JSON.parse(readFileSync(join(pglite, 'package.json'), 'utf8')) as { version: string };
    const sizes = ['pglite.wasm', 'initdb.wasm', 'pglite.data'].map((file) => statSync(join(pglite, 'dist', file)).size);
    const key = createHash('sha256').update(JSON.stringify({ version, sizes, startParams })).digest('hex').slice(0, 16);
    return join(nodeModules, '.cache', 'switchboard', `${CACHE_PREFIX}${version}-${key}`);
  } catch {
    // Under a runtime that resolves packages elsewhere (not a file), or a PGlite laid out differently.
    return undefined;
  }
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
 * Makes the template unless it exists: initdb in a child process into a folder of its own, renamed into
 * place. Resolves to its folder; rejects when it cannot be made here (e.g. node_modules is read-only).
 */
export async function ensureTemplate(template: string, startParams: readonly string[]): Promise<string> {
  if (isComplete(template)) {
    removeStaleTemplates(template);
    return template;
  }
  const making = `${template}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    await initdbInChildProcess(making, startParams);
    if (!isComplete(making)) throw new Error(`initdb left no ${VERSION_FILE} in ${making}`);
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

/** Deletes templates of other PGlite versions and ones abandoned half-made (a process killed while making one); never the current one. */
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
  const sameVersion = current.slice(0, current.lastIndexOf('-') + 1); // pglite-<version>-
  for (const name of readdirSync(cache)) {
    if (!name.startsWith(CACHE_PREFIX) || name === current) continue;
    const path = join(cache, name);
    const otherVersion = !name.startsWith(sameVersion);
    const abandoned = name.includes('.tmp-') && Date.now() - statSync(path).mtimeMs > ABANDONED_MS;
    if (otherVersion || abandoned) rmSync(path, { recursive: true, force: true });
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
