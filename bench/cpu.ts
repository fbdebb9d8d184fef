import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks; 100 per second on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

/**
 * User + system CPU milliseconds a process has used so far (Linux /proc), or NaN elsewhere; with
 * `reapedChildren`, also that of its children that have exited and been waited for.
 */
export function processCpuMs(pid: number, reapedChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces): utime is the 12th, stime the 13th,
    // cutime and cstime (children waited for) the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, reapedChildren ? 15 : 13);
    return (fields.reduce((sum, ticks) => sum + Number(ticks), 0) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU milliseconds every `postgres` process of this machine has used so far (the server and its backends,
 * background writers included, and the backends and autovacuum workers that have exited since: the postmaster
 * waits for each, which adds its CPU to the postmaster's children's times), or NaN when none is visible: the
 * server is elsewhere, or not PostgreSQL.
 * On a benchmark machine only the run's own databases are busy, so a difference measures their cost.
 */
export function localPostgresCpuMs(): number {
  let total = 0;
  let seen = false;
  for (const entry of processEntries()) {
    if (!entry.isDirectory() || !/^\d+$/.test(entry.name)) continue;
    if (readCommand(entry.name) !== 'postgres') continue;
    const ms = processCpuMs(Number(entry.name), true);
    if (Number.isNaN(ms)) continue;
    total += ms;
    seen = true;
  }
  return seen ? total : Number.NaN;
}

function processEntries() {
  try {
    return readdirSync('/proc', { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The server's CPU reading when `databaseUrl` names this machine, else a reading that is always NaN. */
export function databaseCpuReader(databaseUrl: string): () => number {
  const host = new URL(databaseUrl).hostname;
  return ['127.0.0.1', 'localhost', '[::1]', ''].includes(host) ? localPostgresCpuMs : () => Number.NaN;
}

function readCommand(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** This process's own CPU milliseconds (the load generator's cost). */
export const ownCpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Waits until a process is idle (under `share` of one core over the last second), at most `maxMs`; returns how
 * long it waited. The service finishes the background jobs a saturating level left (contact lookups, routing)
 * before a level that measures steady latency starts.
 */
export async function waitUntilIdle(pid: number, maxMs = 60_000, share = 0.05): Promise<number> {
  const started = Date.now();
  let before = processCpuMs(pid);
  while (Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = processCpuMs(pid);
    if (!(now - before > share * 1000)) break;
    before = now;
  }
  return Date.now() - started;
}
