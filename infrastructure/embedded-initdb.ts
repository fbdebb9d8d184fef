import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Runs in the child (`node -e`, CommonJS): imports PGlite by the URL the service resolved, creates, closes.
const CHILD_SOURCE = `
const job = JSON.parse(process.env.SWITCHBOARD_INITDB);
import(job.pgliteUrl)
  .then(async ({ PGlite }) => (await PGlite.create({ dataDir: job.dataDir, startParams: job.startParams })).close())
  .catch((error) => { console.error(error && error.stack || error); process.exitCode = 1; });
`;

/**
 * PGlite's own start parameters, with shared_buffers at 16 MB instead of 128 MB: PostgreSQL's shared memory
 * lives in PGlite's WASM heap and is touched at start, so the default alone held ~130 MB of RSS (issue 5's
 * footprint target is 150 MB for the whole service). Only the buffer cache shrinks; pages it misses are read
 * from the data folder through the OS page cache. Durability is as before: synchronous_commit stays on, but
 * PGlite's own defaults include `-F` (fsync off), so a commit reaches the OS, not the disk; it survives a crash
 * of this process, not of the machine.
 */
export const embeddedStartParams = (defaults: readonly string[]): string[] => [...defaults, '-c', 'shared_buffers=16MB'];

/** Whether `dataDir` holds no database yet (PGlite runs initdb into it on its first open). */
export const needsInitdb = (dataDir: string): boolean => !existsSync(join(dataDir, 'PG_VERSION'));

/**
 * Creates the database in an empty `dataDir` in a short-lived child process. PGlite runs initdb in a second
 * WASM instance that stays reachable after it finished: in-process, the first start on a new folder kept
 * ~450 MB of RSS for the life of the service (bench/footprint); in a worker thread, ~80 MB of malloc arenas
 * stayed. A child's memory all goes with it. The caller then opens the folder as an existing database (and
 * holds its lock throughout).
 */
export async function initdbInChildProcess(dataDir: string, startParams: readonly string[]): Promise<void> {
  const job = { pgliteUrl: import.meta.resolve('@electric-sql/pglite'), dataDir, startParams };
  const child = spawn(process.execPath, ['-e', CHILD_SOURCE], {
    env: { ...process.env, SWITCHBOARD_INITDB: JSON.stringify(job) }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-2000); });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`initdb in ${dataDir} failed (exit ${code}): ${stderr}`);
}
