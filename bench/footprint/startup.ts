import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../service-process.ts';
import { round2 } from '../stats.ts';
import { cpuMsWithChildren, processMemory, spawnUntilHealthy, stopProcess } from './process-probe.ts';
import { PGlite } from '@electric-sql/pglite';
import { embeddedStartParams } from '../../infrastructure/embedded-initdb.ts';
import { bareNodeCommand, npmStartCommand, pgliteOpenCommand, REPO_ROOT, tsxHonoCommand } from './start-command.ts';

/** What one kind of start measured over its runs. */
export interface StartFigures {
  readonly runs: number[];
  readonly medianMs: number;
  readonly maxMs: number;
  /** RSS when the first 200 came (MB), median over the runs. */
  readonly rssAtHealthyMb: number;
  /** CPU (user + system, its finished children included) used when the first 200 came, median: less skewed by other load than wall time. */
  readonly cpuMsAtHealthy: number;
}

/** Start-up to healthy: the service cold (empty DATA_DIR) and warm (the same DATA_DIR again), beside two ceilings. */
export interface StartupResult {
  readonly command: string;
  readonly cold: StartFigures;
  readonly warm: StartFigures;
  readonly bareNode: StartFigures;
  readonly tsxHono: StartFigures;
  /** `node` opening PGlite on the warm folder, nothing else: what any start on the embedded database pays. */
  readonly pgliteOpen: StartFigures;
}

interface Timed { readonly ms: number; readonly rssMb: number; readonly cpuMs: number }

const START_TIMEOUT_MS = 60_000;

/**
 * `rounds` rounds, each: bare node, tsx + Hono, the service cold on a new folder, then warm on it, then PGlite
 * alone opening that folder.
 * Interleaved so that other load on the shared machine falls on every kind alike.
 */
export async function measureStartup(rounds: number, log: (line: string) => void): Promise<StartupResult> {
  const samples = { cold: [] as Timed[], warm: [] as Timed[], bareNode: [] as Timed[], tsxHono: [] as Timed[], pgliteOpen: [] as Timed[] };
  for (let round = 1; round <= rounds; round++) {
    samples.bareNode.push(await timeStart(bareNodeCommand(), {}));
    samples.tsxHono.push(await timeStart(tsxHonoCommand(), {}));
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-footprint-'));
    try {
      samples.cold.push(await timeStart(npmStartCommand(), serviceEnv(dataDir)));
      samples.warm.push(await timeStart(npmStartCommand(), serviceEnv(dataDir)));
      samples.pgliteOpen.push(await timeStart(pgliteOpenCommand(), pgliteEnv(dataDir)));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    log(`start round ${round}/${rounds}: cold ${ms(samples.cold)} ms (cpu ${cpu(samples.cold)}), warm ${ms(samples.warm)} ms (cpu ${cpu(samples.warm)}), PGlite open ${ms(samples.pgliteOpen)} ms, node -e ${ms(samples.bareNode)} ms, tsx+Hono ${ms(samples.tsxHono)} ms`);
  }
  return {
    command: npmStartCommand().slice(1).join(' '),
    cold: summarize(samples.cold), warm: summarize(samples.warm),
    bareNode: summarize(samples.bareNode), tsxHono: summarize(samples.tsxHono), pgliteOpen: summarize(samples.pgliteOpen),
  };
}

const ms = (timed: Timed[]) => Math.round(timed[timed.length - 1]?.ms ?? Number.NaN);
const cpu = (timed: Timed[]) => Math.round(timed[timed.length - 1]?.cpuMs ?? Number.NaN);

/** The service's environment: the embedded database in `dataDir`, quiet logs; never a DATABASE_URL from outside. */
function serviceEnv(dataDir: string): NodeJS.ProcessEnv {
  return { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SWITCHBOARD_ADMIN_TOKEN: randomBytes(16).toString('hex') };
}

/** PGlite alone on the service's folder (DATA_DIR/pgdata, infrastructure/config.ts) with the service's start parameters. */
function pgliteEnv(dataDir: string): NodeJS.ProcessEnv {
  return { PGLITE_DATA_DIR: join(dataDir, 'pgdata'), PGLITE_START_PARAMS: JSON.stringify(embeddedStartParams(PGlite.defaultStartParams)) };
}

async function timeStart(command: string[], extraEnv: NodeJS.ProcessEnv): Promise<Timed> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1' };
  delete env['DATABASE_URL'];
  const started = await spawnUntilHealthy(command, { cwd: REPO_ROOT, env, healthUrl: `http://127.0.0.1:${port}/health`, timeoutMs: START_TIMEOUT_MS });
  const rssMb = processMemory(started.child.pid ?? -1).rssMb;
  const cpuMs = cpuMsWithChildren(started.child.pid ?? -1);
  await stopProcess(started.child);
  return { ms: started.msToHealthy, rssMb, cpuMs };
}

function summarize(timed: Timed[]): StartFigures {
  const runs = timed.map((t) => Math.round(t.ms));
  return {
    runs,
    medianMs: median(runs),
    maxMs: Math.max(...runs),
    rssAtHealthyMb: round2(median(timed.map((t) => t.rssMb))),
    cpuMsAtHealthy: Math.round(median(timed.map((t) => t.cpuMs))),
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 100) / 100;
}
