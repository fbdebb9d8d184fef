import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedTarget, serverTarget, type BaselineTarget } from './baseline.ts';
import type { LoopResult } from './closed-loop.ts';
import { failureSamples } from './http-client.ts';
import { committedTransactions } from './pg-stats.ts';
import { baselineLevels } from './phases.ts';
import { cpuCount, figures, gitCommit, markdown, save, type BenchReport } from './report.ts';
import { runService, type ServiceRun } from './service-run.ts';
import { benchSettings, type BenchSettings } from './settings.ts';
import type { ServiceProcess } from './service-process.ts';
import { loadAverage, round2 } from './stats.ts';
import { compare, storedIds, type Verification } from './verify.ts';
import { existingSenderIds } from './workload.ts';

/**
 * `npm run bench`: the service as one child process on a fresh DATA_DIR (embedded database, or
 * DATABASE_URL's server), signed custom webhooks over loopback HTTP at each concurrency level,
 * a check that every acknowledged message is stored exactly once, then a raw `pg` baseline of
 * the same rows on the same kind of database.
 */
async function main(): Promise<number> {
  const settings = benchSettings(process.env);
  const databaseUrl = process.env['DATABASE_URL'] || undefined;
  const runId = `b${Date.now().toString(36)}`;
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const existing = existingSenderIds(runId, settings.existingSenders);
  let child: ServiceProcess | undefined;
  const watchdog = startWatchdog(settings, () => child);
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  try {
    log(`starting the service on ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'the embedded database'}, load average ${loadAtStart}`);
    const run = await runService({ settings, databaseUrl, dataDir, runId, existing, onStarted: (s) => { child = s; }, log });
    log('verifying the stored rows');
    const { verification, transactionsPerMessage } = await verify(run, databaseUrl, dataDir);
    log('raw pg baseline');
    const { baseline, baselineError, databaseVersion } = await measureBaseline(settings, databaseUrl, runId, existing, run.channelId);
    const report: BenchReport = {
      database: databaseUrl ? 'postgres' : 'pglite', databaseVersion, startedAt: startedAt.toISOString(), commit: gitCommit(),
      node: process.version, cpus: cpuCount(), loadAverageAtStart: loadAtStart, levelMs: settings.levelMs,
      newSenderShare: 1 / settings.newSenderEvery, serviceStartMs: run.startMs, warmup: run.warmup.map(figures),
      service: run.levels, baseline: baseline.map(figures), baselineError, verification, transactionsPerMessage,
      stop: run.stop, failureSamples, serviceLogLineCount: run.logLineCount, serviceLog: run.logLines,
      durationMs: Date.now() - startedAt.getTime(),
    };
    await print(report);
    const clean = verification.ok && run.levels.every((level) => level.failed === 0) && run.stop.code === 0 && baselineError === null;
    return clean ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The run is bounded: past the limit the child is killed and the run fails. */
function startWatchdog(settings: BenchSettings, child: () => ServiceProcess | undefined): NodeJS.Timeout {
  return setTimeout(() => {
    console.error(`bench: over ${settings.runTimeoutMs / 1000} s, aborting`);
    const pid = child()?.pid;
    if (pid !== undefined && pid > 0) process.kill(pid, 'SIGKILL');
    process.exit(2);
  }, settings.runTimeoutMs);
}

/** Stored exactly once, read after the child stopped; and, on a server, transactions per message. */
async function verify(run: ServiceRun, databaseUrl: string | undefined, dataDir: string): Promise<{ verification: Verification; transactionsPerMessage: number | null }> {
  const verification = compare(run.acked, await storedIds(run.channelId, databaseUrl, join(dataDir, 'pgdata')));
  // The embedded database's counters ended with the child; the server's cover warm-up and levels.
  const transactionsPerMessage = databaseUrl
    ? round2(((await committedTransactions(databaseUrl)) - run.commitsBefore) / Math.max(1, run.acked.size))
    : null;
  return { verification, transactionsPerMessage };
}

/** The baseline on a database of the same kind as the service's; a failure is reported, not fatal. */
async function measureBaseline(settings: BenchSettings, databaseUrl: string | undefined, runId: string, existing: readonly string[], channelId: string) {
  let target: BaselineTarget | undefined;
  try {
    target = databaseUrl ? await serverTarget(databaseUrl) : await embeddedTarget();
    const baseline: LoopResult[] = await baselineLevels(target, runId, settings, existing, channelId);
    for (const level of baseline) log(`baseline c=${level.concurrency}: ${level.perSecond} rows/s, p50 ${level.p50Ms} ms, p99 ${level.p99Ms} ms`);
    return { baseline, baselineError: null, databaseVersion: target.version };
  } catch (error) {
    return { baseline: [] as LoopResult[], baselineError: (error as Error).message, databaseVersion: target?.version ?? 'unknown' };
  } finally {
    await target?.close();
  }
}

async function print(report: BenchReport): Promise<void> {
  const saved = await save(report);
  console.log(`\n${markdown(report)}`);
  if (report.serviceLog.length > 0) console.log(`Service log (warn and above, first ${report.serviceLog.length}):\n${report.serviceLog.join('\n')}\n`);
  if (report.failureSamples.length > 0) console.log(`Failed responses (first ${report.failureSamples.length}):\n${report.failureSamples.join('\n')}\n`);
  console.log(`Saved ${saved} (and .md); whole run ${Math.round(report.durationMs / 1000)} s.`);
}

function log(line: string): void {
  console.log(`bench: ${line}`);
}

process.exitCode = await main();
