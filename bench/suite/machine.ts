import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { loadAverage } from '../stats.ts';

/** Where and on what the suite ran: every figure is relative to this machine at this time. */
export interface MachineInfo {
  readonly commit: string;
  /** Uncommitted changes in the working tree when the run started (the figures may not match the commit). */
  readonly dirty: boolean;
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryMiB: number;
  readonly loadAverageAtStart: number;
}

/** Reads the machine and the checkout as the run starts. */
export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    commit: git(['rev-parse', '--short', 'HEAD']) ?? 'unknown',
    dirty: (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '',
    node: process.version,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    loadAverageAtStart: loadAverage(),
  };
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The server a URL names, without its password (the report is saved and shared). */
export function describeDatabaseUrl(databaseUrl: string | undefined): string {
  if (!databaseUrl) return 'none (server parts skipped: set BENCH_DATABASE_URL or DATABASE_URL)';
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.hostname}:${url.port || '5432'} (user ${url.username || 'default'}, database ${url.pathname.slice(1) || 'default'})`;
  } catch {
    return 'a PostgreSQL URL that does not parse';
  }
}
