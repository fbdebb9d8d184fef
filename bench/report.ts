import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { LoopResult } from './closed-loop.ts';
import type { StopResult } from './service-process.ts';
import type { Verification } from './verify.ts';

export const RESULTS_DIR = resolve(import.meta.dirname, 'results');

/** A level's figures without the per-item flags. */
export type LevelFigures = Omit<LoopResult, 'acked'>;

/** A measured service level, with where the CPU went (the service process vs the load generator). */
export interface ServiceLevel extends LevelFigures {
  readonly serviceCpuMsPerMessage: number;
  readonly generatorCpuMsPerMessage: number;
}

export interface BenchReport {
  readonly database: 'postgres' | 'pglite';
  readonly databaseVersion: string;
  readonly startedAt: string;
  readonly commit: string;
  readonly node: string;
  readonly cpus: number;
  readonly loadAverageAtStart: number;
  readonly levelMs: number;
  readonly newSenderShare: number;
  readonly serviceStartMs: number;
  readonly warmup: LevelFigures[];
  readonly service: ServiceLevel[];
  readonly baseline: LevelFigures[];
  readonly baselineError: string | null;
  readonly verification: Verification;
  /** Committed transactions per acknowledged message (PostgreSQL server only). */
  readonly transactionsPerMessage: number | null;
  readonly stop: StopResult;
  readonly failureSamples: string[];
  readonly serviceLogLineCount: number;
  readonly serviceLog: string[];
  readonly durationMs: number;
}

export const figures = ({ acked: _acked, ...rest }: LoopResult): LevelFigures => rest;

export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export const cpuCount = (): number => cpus().length;

/** The table the run prints and saves. */
export function markdown(report: BenchReport): string {
  const rows = report.service.map((level, i) => {
    const base = report.baseline[i];
    const ratio = base && base.perSecond > 0 ? `${((level.perSecond / base.perSecond) * 100).toFixed(1)} %` : 'n/a';
    const failed = Object.entries(level.failures).map(([k, n]) => `${n}× ${k}`).join(', ') || '0';
    return `| ${level.concurrency} | ${level.perSecond} | ${level.p50Ms} | ${level.p99Ms} | ${failed} | ${base?.perSecond ?? 'n/a'} | ${base?.p50Ms ?? 'n/a'} | ${base?.p99Ms ?? 'n/a'} | ${ratio} | ${level.serviceCpuMsPerMessage} | ${level.generatorCpuMsPerMessage} | ${level.loadAverageAfter} |`;
  });
  const v = report.verification;
  return [
    `## Ingest benchmark: ${report.database} (${report.databaseVersion})`,
    '',
    `${report.startedAt}, commit ${report.commit}, Node ${report.node}, ${report.cpus} CPUs, load average at start ${report.loadAverageAtStart}; ` +
      `${report.levelMs / 1000} s per level, ${Math.round(report.newSenderShare * 100)} % new senders; service started in ${report.serviceStartMs} ms.`,
    '',
    '| concurrency | messages/s | p50 ms | p99 ms | non-200 | baseline rows/s | baseline p50 ms | baseline p99 ms | ratio to baseline | service CPU ms/msg | load generator CPU ms/msg | load avg after |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Verification: ${v.ok ? 'OK' : 'FAILED'}: ${v.acknowledged} acknowledged (warm-up included), ${v.storedRows} rows stored for the channel, ` +
      `${v.missing} missing, ${v.duplicated} duplicated, ${v.unacknowledgedRows} stored without acknowledgement.`,
    ...(report.transactionsPerMessage === null ? [] : [`The service committed ${report.transactionsPerMessage} transactions per acknowledged message (pg_stat_database).`]),
    `Service stop: exit code ${report.stop.code}, signal ${report.stop.signal}, ${report.stop.stopMs} ms${report.stop.killed ? ' (SIGKILL after the grace period)' : ''}; ` +
      `${report.serviceLogLineCount} log lines at warn or above.`,
    ...(report.baselineError ? [`Baseline failed: ${report.baselineError}`] : []),
    '',
  ].join('\n');
}

/** Writes `ingest-<db>-<timestamp>.json` and `.md` into bench/results/; returns the JSON path. */
export async function save(report: BenchReport): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const base = join(RESULTS_DIR, `ingest-${report.database}-${stamp}`);
  await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(`${base}.md`, markdown(report));
  return `${base}.json`;
}
