import { randomBytes } from 'node:crypto';
import type { LoopResult } from './closed-loop.ts';
import { ownCpuMs, processCpuMs } from './cpu.ts';
import { createChannel, type BenchChannel } from './http-client.ts';
import { committedTransactions } from './pg-stats.ts';
import { levelSpecs, postMessages, prepare, warmUp } from './phases.ts';
import { figures, type ServiceLevel } from './report.ts';
import { startService, type ServiceProcess, type StopResult } from './service-process.ts';
import type { BenchSettings } from './settings.ts';
import { round2 } from './stats.ts';

export interface ServiceRunOptions {
  readonly settings: BenchSettings;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly runId: string;
  readonly existing: readonly string[];
  /** Told the child as soon as it runs, so a watchdog can kill it. */
  readonly onStarted: (service: ServiceProcess) => void;
  readonly log: (line: string) => void;
}

/** What the service phase measured; the service has stopped when this is returned. */
export interface ServiceRun {
  readonly startMs: number;
  readonly channelId: string;
  readonly acked: Set<string>;
  readonly warmup: LoopResult[];
  readonly levels: ServiceLevel[];
  readonly stop: StopResult;
  readonly commitsBefore: number;
  readonly logLines: string[];
  readonly logLineCount: number;
}

/** Starts the child, creates the channel, warms up, measures every level, and always stops the child. */
export async function runService(options: ServiceRunOptions): Promise<ServiceRun> {
  const adminToken = randomBytes(16).toString('hex');
  const started = Date.now();
  const service = await startService({ dataDir: options.dataDir, adminToken, databaseUrl: options.databaseUrl, startTimeoutMs: options.settings.startTimeoutMs });
  options.onStarted(service);
  const startMs = Date.now() - started;
  options.log(`service up in ${startMs} ms (pid ${service.pid})`);
  const acked = new Set<string>();
  let measured: Measured;
  let stop: StopResult;
  try {
    measured = await measureAll(options, service, adminToken, acked);
  } finally {
    // Always: a failed run must not leave the child (and the embedded database's lock) behind.
    stop = await service.stop();
    options.log(`service stopped (exit code ${stop.code}, ${stop.stopMs} ms)`);
  }
  return { ...measured, startMs, acked, stop, logLines: service.logLines, logLineCount: service.logLineCount() };
}

type Measured = Pick<ServiceRun, 'channelId' | 'warmup' | 'levels' | 'commitsBefore'>;

async function measureAll(options: ServiceRunOptions, service: ServiceProcess, adminToken: string, acked: Set<string>): Promise<Measured> {
  const channel = await createChannel(service.baseUrl, adminToken, `bench-${options.runId}`, randomBytes(24).toString('hex'));
  const commitsBefore = options.databaseUrl ? await committedTransactions(options.databaseUrl) : Number.NaN;
  options.log(`warming up (${options.settings.existingSenders} senders, then ${options.settings.warmupMs} ms of traffic)`);
  const warmup = await warmUp(service.baseUrl, channel, options.settings, options.runId, options.existing, acked);
  const levels: ServiceLevel[] = [];
  for (const concurrency of options.settings.levels) levels.push(await measureLevel(options, service, channel, concurrency, acked));
  return { channelId: channel.id, warmup, levels, commitsBefore };
}

/** One level, with the CPU the service process and this load generator spent per acknowledged message. */
async function measureLevel(options: ServiceRunOptions, service: ServiceProcess, channel: BenchChannel, concurrency: number, acked: Set<string>): Promise<ServiceLevel> {
  const prepared = prepare(channel, levelSpecs(options.runId, 'http', concurrency, options.settings, options.existing, options.settings.httpCeilingPerSecond));
  const before = { service: processCpuMs(service.pid), own: ownCpuMs() };
  const result = await postMessages(service.baseUrl, channel, prepared, concurrency, options.settings.levelMs, acked);
  const perMessage = (ms: number) => round2(ms / Math.max(1, result.acknowledged));
  options.log(`service c=${concurrency}: ${result.perSecond} msg/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.failed} failed`);
  return {
    ...figures(result),
    serviceCpuMsPerMessage: perMessage(processCpuMs(service.pid) - before.service),
    generatorCpuMsPerMessage: perMessage(ownCpuMs() - before.own),
  };
}
