import { join } from 'node:path';
import type { AckCheck } from '../http-client.ts';
import type { StopResult } from '../service-process.ts';
import { databaseCpuReader, waitUntilIdle } from '../cpu.ts';
import { round2 } from '../stats.ts';
import { committedTransactions } from '../pg-stats.ts';
import { createTelegramChannel } from './channel.ts';
import { startBenchTelegram, type BenchTelegram } from './fake-telegram.ts';
import { ceilingLevel, levelMessages, postOpenLoop, rawLevel, serviceLevel, type BenchChannel, type Figures, type OpenLoopFigures, type PostTarget } from './levels.ts';
import { openResources, type DatabaseKind, type Resources } from './resources.ts';
import type { IngestSettings } from './settings.ts';
import { TelegramWorkload, updateBody } from './telegram.ts';
import { compare, storedKeys, type Verification } from './verify.ts';

/** One concurrency level: the service beside its two ceilings, measured one right after the other. */
export interface LevelRun {
  readonly concurrency: number;
  readonly service: Figures;
  readonly raw: Figures;
  readonly http: Figures;
}

/** Everything measured on one database. */
export interface DatabaseRun {
  readonly kind: DatabaseKind;
  readonly databaseVersion: string;
  readonly serviceStartMs: number;
  readonly warmup: Figures[];
  readonly levels: LevelRun[];
  /** `settledMs`: how long the service took to go idle after the last closed-loop level, before this level started. */
  readonly openLoop: OpenLoopRun;
  /** The same at `lighterOpenLoopShare` of the best throughput: latency at a lighter load, for comparison. */
  readonly lighterOpenLoop: OpenLoopRun;
  readonly verification: Verification;
  /** Committed transactions per acknowledged message (server only: pg_stat_database of the service's own database). */
  readonly transactionsPerMessage: number | null;
  readonly telegramCalls: Record<string, number>;
  readonly stop: StopResult;
  readonly failureSamples: string[];
  readonly serviceLog: string[];
  readonly serviceLogLineCount: number;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly kind: DatabaseKind;
  readonly serverUrl: string | undefined;
  readonly settings: IngestSettings;
  readonly log: (line: string) => void;
}

/** Opens the service and the ceilings on fresh storage, measures, stops the service, verifies, closes everything. */
export async function runOnDatabase(options: RunOptions): Promise<DatabaseRun> {
  const started = Date.now();
  const children: Partial<Resources> = {};
  const watchdog = setTimeout(() => {
    options.log(`over ${options.settings.runTimeoutMs / 1000} s: killing the service and the HTTP ceiling`);
    for (const child of [children.service, children.httpCeiling]) if (child && child.pid > 0) process.kill(child.pid, 'SIGKILL');
  }, options.settings.runTimeoutMs);
  const telegram = await startBenchTelegram();
  const { resources, close } = await openResources(options.kind, options.serverUrl, options.settings, (r) => Object.assign(children, r))
    .catch(async (error: unknown) => { clearTimeout(watchdog); await telegram.close(); throw error; });
  try {
    options.log(`service up in ${resources.serviceStartMs} ms (pid ${resources.service.pid}), HTTP ceiling pid ${resources.httpCeiling.pid}`);
    const measured = await measure(resources, options, telegram);
    const stop = await resources.service.stop();
    options.log(`service stopped (exit code ${stop.code}, ${stop.stopMs} ms); verifying`);
    const verification = compare(measured.acked, await storedKeys(measured.channel.id, resources.serviceDatabaseUrl, join(resources.dataDir, 'pgdata')));
    const transactionsPerMessage = resources.serviceDatabaseUrl
      ? round2(((await committedTransactions(resources.serviceDatabaseUrl)) - measured.commitsBefore) / Math.max(1, measured.acked.size))
      : null;
    const { acked: _acked, channel: _channel, commitsBefore: _commits, ...figures } = measured;
    return {
      ...figures, kind: options.kind, databaseVersion: resources.raw.version, serviceStartMs: resources.serviceStartMs, verification, transactionsPerMessage,
      telegramCalls: { ...telegram.calls }, stop, serviceLog: resources.service.logLines, serviceLogLineCount: resources.service.logLineCount(), durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(watchdog);
    await close();
    await telegram.close();
  }
}

export type OpenLoopRun = Omit<OpenLoopFigures, 'acked'> & { readonly settledMs: number; readonly share: number };

type Measured = Pick<DatabaseRun, 'warmup' | 'levels' | 'openLoop' | 'lighterOpenLoop' | 'failureSamples'> & { acked: Set<string>; channel: BenchChannel; commitsBefore: number };

async function measure(resources: Resources, options: RunOptions, telegram: BenchTelegram): Promise<Measured> {
  const { settings, log } = options;
  const failureSamples: string[] = [];
  const channel = await createTelegramChannel(resources.service.baseUrl, resources.adminToken, telegram.baseUrl);
  const commitsBefore = resources.serviceDatabaseUrl ? await committedTransactions(resources.serviceDatabaseUrl) : Number.NaN;
  const databaseCpuMs = resources.serviceDatabaseUrl ? databaseCpuReader(resources.serviceDatabaseUrl) : () => Number.NaN;
  const service: PostTarget = { process: resources.service, channel, isAck: newMessageAck(failureSamples), databaseCpuMs };
  const http: PostTarget = { process: resources.httpCeiling, channel, isAck: (status) => (status === 200 ? null : `status ${status}`), databaseCpuMs: () => Number.NaN };
  const workload = new TelegramWorkload(settings.existingSenders);
  const rawWorkload = new TelegramWorkload(settings.existingSenders);
  const acked = new Set<string>();
  log(`warming up: ${settings.existingSenders} senders, then ${settings.warmupMs} ms of mixed traffic (and both ceilings)`);
  const intro = workload.introductions();
  const warmup = [await serviceLevel(service, { specs: intro, bodies: intro.map(updateBody) }, 16, 60_000, acked)];
  warmup.push(await serviceLevel(service, levelMessages(workload, settings, settings.warmupMs, 0), 16, settings.warmupMs, acked));
  warmup.push(await rawLevel(resources.raw, rawWorkload, channel.id, settings, 16, 1000));
  warmup.push(await ceilingLevel(http, levelMessages(workload, settings, 1000, 0), 16, 1000, settings.httpCeilingPerSecond));
  const levels: LevelRun[] = [];
  for (const concurrency of settings.levels) levels.push(await measureLevel(resources, options, { service, http, workload, rawWorkload, acked }, concurrency));
  const openLoop = await measureOpenLoop(service, workload, settings, { levels, share: settings.openLoopShare, seed: 99 }, acked, log);
  const lighterOpenLoop = await measureOpenLoop(service, workload, settings, { levels, share: settings.lighterOpenLoopShare, seed: 98 }, acked, log);
  return { warmup, levels, openLoop, lighterOpenLoop, failureSamples, acked, channel, commitsBefore };
}

interface Posting {
  readonly service: PostTarget;
  readonly http: PostTarget;
  readonly workload: TelegramWorkload;
  readonly rawWorkload: TelegramWorkload;
  readonly acked: Set<string>;
}

async function measureLevel(resources: Resources, options: RunOptions, posting: Posting, concurrency: number): Promise<LevelRun> {
  const { settings, log } = options;
  const messages = levelMessages(posting.workload, settings, settings.levelMs, concurrency);
  // Each level from a quiet service: the jobs the previous level's new senders left are not this level's load.
  const settledMs = await waitUntilIdle(posting.service.process.pid);
  const service = await serviceLevel(posting.service, messages, concurrency, settings.levelMs, posting.acked);
  const raw = await rawLevel(resources.raw, posting.rawWorkload, posting.service.channel.id, settings, concurrency, settings.levelMs);
  const http = await ceilingLevel(posting.http, messages, concurrency, settings.levelMs, Math.ceil((settings.httpCeilingPerSecond * settings.levelMs) / 1000));
  log(`c=${concurrency} (after ${settledMs} ms for the service to go idle): service ${service.perSecond} msg/s (p50 ${service.p50Ms}, p99 ${service.p99Ms} ms, ${service.failed} failed); ` +
    `raw pg ${raw.perSecond} rows/s; HTTP ceiling ${http.perSecond} req/s`);
  return { concurrency, service, raw, http };
}

/** A share of the best closed-loop throughput, sent on a schedule (issue 5: p99 at half the max load). */
async function measureOpenLoop(
  service: PostTarget, workload: TelegramWorkload, settings: IngestSettings,
  load: { readonly levels: readonly LevelRun[]; readonly share: number; readonly seed: number }, acked: Set<string>, log: (line: string) => void,
): Promise<OpenLoopRun> {
  const best = Math.max(1, ...load.levels.map((level) => level.service.perSecond));
  const rate = Math.max(1, Math.round(best * load.share));
  const specs = workload.mixed(Math.ceil((rate * settings.levelMs) / 1000), settings.newSenderEvery, load.seed);
  // Steady state, not the tail of c=64: its new senders left jobs (contact lookups, routing) the service runs first.
  const settledMs = await waitUntilIdle(service.process.pid);
  const { acked: _flags, ...result } = await postOpenLoop(service, specs, rate, settings.levelMs, acked);
  log(`open loop at ${rate} msg/s (${load.share * 100} % of ${best}), after ${settledMs} ms for the service to go idle: ` +
    `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.failed} failed`);
  return { ...result, settledMs, share: load.share };
}

/** A 200 naming one new (not duplicate) message: every benchmark key is unique, so a duplicate is a failure. */
function newMessageAck(samples: string[]): AckCheck {
  return (status, text) => {
    if (status === 200 && text.includes('"duplicate":false')) return null;
    if (samples.length < 10) samples.push(`${status} ${text.slice(0, 300)}`);
    return status === 200 ? '200 duplicate or no message' : `status ${status}`;
  };
}
