import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeTelegram } from '../../tests/support/fake-telegram.ts';
import { runClosedLoop, type LoopResult } from '../closed-loop.ts';
import { freePort } from '../service-process.ts';
import { processMemory, sampleRss, spawnUntilHealthy, stopProcess, type ProcessMemory } from './process-probe.ts';
import { npmStartCommand, REPO_ROOT } from './start-command.ts';
import { median } from './startup.ts';
import { createTelegramChannel, privateMessageUpdate, telegramPoster, type TelegramTarget } from './telegram-load.ts';

/** RSS of the service idle and under a steady Telegram webhook load. */
export interface SteadyRssResult {
  readonly database: 'pglite' | 'postgres';
  readonly concurrency: number;
  /** Median RSS over the idle second after start-up and channel creation (MB). */
  readonly idleRssMb: number;
  readonly steadyP50RssMb: number;
  readonly steadyMaxRssMb: number;
  readonly samples: number;
  /** /proc figures at the end of the load: anonymous vs file-backed pages, and the peak since start. */
  readonly atEnd: ProcessMemory;
  /** What the service said its memory is made of at the end of the load (V8 heap, external = WASM + buffers). */
  readonly breakdown: MemoryBreakdown | null;
  readonly load: Omit<LoopResult, 'acked'>;
}

/** The service's own `process.memoryUsage()` and V8 heap spaces, in MB (memory-report.mjs). */
export interface MemoryBreakdown {
  readonly rssMb: number;
  readonly v8HeapTotalMb: number;
  readonly v8HeapUsedMb: number;
  readonly externalMb: number;
  readonly arrayBuffersMb: number;
  readonly spaces: Record<string, number>;
}

const MEMORY_REPORT = join(import.meta.dirname, 'memory-report.mjs');
const CONCURRENCY = 16;
const EXISTING_SENDERS = 200;
const BOT_TOKEN = '7012345678:AAH-footprintToken_0123456789abcdef';
const SECRET_TOKEN = 'footprint-secret_0123456789';

/** The service (as `npm start` runs it) on the embedded database, or on `databaseUrl`'s server when given. */
export async function measureSteadyRss(options: { databaseUrl: string | undefined; seconds: number; log: (line: string) => void }): Promise<SteadyRssResult> {
  const fake = await startFakeTelegram(BOT_TOKEN);
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-footprint-rss-'));
  const adminToken = randomBytes(16).toString('hex');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SWITCHBOARD_ADMIN_TOKEN: adminToken };
  delete env['PUBLIC_URL'];
  if (options.databaseUrl) env['DATABASE_URL'] = options.databaseUrl;
  else delete env['DATABASE_URL'];
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // npm start's command with a preloaded SIGUSR2 handler that reports the memory breakdown (idle otherwise).
    const [node, ...args] = npmStartCommand();
    const { child, output } = await spawnUntilHealthy([node!, '--import', MEMORY_REPORT, ...args], { cwd: REPO_ROOT, env, healthUrl: `${baseUrl}/health`, timeoutMs: 60_000 });
    try {
      const channelId = await createTelegramChannel(baseUrl, adminToken, { botToken: BOT_TOKEN, secretToken: SECRET_TOKEN, apiBaseUrl: fake.baseUrl });
      const measured = await measure(child.pid ?? -1, { baseUrl, channelId, secretToken: SECRET_TOKEN }, options);
      const result = { ...measured, breakdown: await memoryBreakdown(child, output) };
      if (result.load.failed > 0) options.log(`failures; the service wrote:\n${output().slice(0, 2000)}`);
      return result;
    } finally {
      await stopProcess(child);
    }
  } finally {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Asks the service for its memory report and reads the last one it wrote. */
async function memoryBreakdown(child: ChildProcess, output: () => string): Promise<MemoryBreakdown | null> {
  child.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
  const line = output().split('\n').reverse().find((l) => l.startsWith('FOOTPRINT_MEMORY '));
  return line ? (JSON.parse(line.slice('FOOTPRINT_MEMORY '.length)) as MemoryBreakdown) : null;
}

async function measure(pid: number, target: TelegramTarget, options: { databaseUrl: string | undefined; seconds: number; log: (line: string) => void }): Promise<Omit<SteadyRssResult, 'breakdown'>> {
  const idle = sampleRss(pid);
  await new Promise((r) => setTimeout(r, 1000));
  const idleRssMb = median(idle.stop());
  options.log(`idle RSS ${idleRssMb} MB; warming up (the ${EXISTING_SENDERS} existing senders write first)`);
  await load(target, 1, 2000, options.seconds);
  const steady = sampleRss(pid);
  const result = await load(target, 2, options.seconds * 1000, options.seconds);
  const samples = steady.stop();
  const atEnd = processMemory(pid);
  options.log(`steady load c=${CONCURRENCY}: ${result.perSecond} msg/s, ${result.failed} failed ${JSON.stringify(result.failures)}; RSS p50 ${median(samples)} MB, max ${Math.max(...samples)} MB`);
  const { acked: _acked, ...figures } = result;
  return {
    database: options.databaseUrl ? 'postgres' : 'pglite', concurrency: CONCURRENCY, idleRssMb,
    steadyP50RssMb: median(samples), steadyMaxRssMb: Math.max(...samples), samples: samples.length, atEnd, load: figures,
  };
}

/** A closed loop of Telegram Updates at CONCURRENCY (every fifth from a new sender). */
async function load(target: TelegramTarget, runId: number, durationMs: number, seconds: number): Promise<LoopResult> {
  const poster = telegramPoster(target, (index) => privateMessageUpdate(runId, index, EXISTING_SENDERS), CONCURRENCY);
  try {
    return await runClosedLoop({ concurrency: CONCURRENCY, durationMs, capacity: Math.ceil(20_000 * Math.max(2, seconds)), attempt: poster.attempt });
  } finally {
    poster.close();
  }
}
