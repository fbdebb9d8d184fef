import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lock } from 'proper-lockfile';

/** An exclusive hold on an embedded database's data folder. */
export interface DataDirLock {
  readonly dir: string;
  /** Lets another process open the folder; safe to call twice. */
  release(): Promise<void>;
}

/** How long a lock whose holder stopped refreshing it (a crashed process) blocks the folder. */
const STALE_MS = 10_000;

/** The error of a folder another process holds; its message names the folder. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/**
 * Locks `dir` (created if missing) for this process, or fails at once when another process holds it:
 * two PGlite processes on one folder silently lose committed rows. The lock is a `<dir>.lock` folder
 * beside it, refreshed while held; one left by a crash is taken over once stale.
 */
export async function lockDataDir(dir: string, onCompromised: (error: Error) => void = warn): Promise<DataDirLock> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  let unlock: () => Promise<void>;
  try {
    unlock = await lock(folder, { stale: STALE_MS, retries: 0, onCompromised });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ELOCKED') throw error;
    throw new DataDirLockedError(
      `The data folder ${folder} is in use by another Switchboard process (lock: ${folder}.lock). ` +
        `Stop that process or choose another DATA_DIR; a lock left by a crashed process expires ${STALE_MS / 1000} s after it stopped.`,
      { cause: error },
    );
  }
  let released: Promise<void> | undefined;
  return { dir: folder, release: () => (released ??= unlock()) };
}

// The library's default throws from a timer, which would kill the process; a warning is enough to act on.
const warn = (error: Error) => process.emitWarning(`data folder lock compromised: ${error.message}`);
