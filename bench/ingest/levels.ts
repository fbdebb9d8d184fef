import { runClosedLoop, type LoopResult } from '../closed-loop.ts';
import { ownCpuMs, processCpuMs } from '../cpu.ts';
import { bodyPoster, type AckCheck } from '../http-client.ts';
import { runOpenLoop, type OpenLoopResult } from '../open-loop.ts';
import type { ServiceProcess } from '../service-process.ts';
import { round2 } from '../stats.ts';
import { baselineRows, runBaselineLevel, type BaselineTarget } from './baseline.ts';
import type { IngestSettings } from './settings.ts';
import { updateBody, type TelegramSpec, type TelegramWorkload } from './telegram.ts';

/** The Telegram channel the run posts to. */
export interface BenchChannel {
  readonly id: string;
  readonly secretToken: string;
}

/** Where a level posts: the service, or the HTTP ceiling (same path, headers and bodies). */
export interface PostTarget {
  readonly process: ServiceProcess;
  readonly channel: BenchChannel;
  readonly isAck: AckCheck;
  /** CPU milliseconds the database server has used so far, NaN when it cannot be read (embedded: it is the service's). */
  readonly databaseCpuMs: () => number;
}

/** A level's figures, with the CPU the server process, the database server and this load generator spent per acknowledged request. */
export type Figures = Omit<LoopResult, 'acked'> & {
  readonly serverCpuMsPerRequest: number;
  readonly databaseCpuMsPerRequest: number;
  readonly generatorCpuMsPerRequest: number;
};

/** Messages of one level, pre-built so the generator only writes bytes while measuring. */
export interface LevelMessages {
  readonly specs: readonly TelegramSpec[];
  readonly bodies: readonly Buffer[];
}

/** Posts each update once, closed-loop; adds the acknowledged keys to `acked`. */
export async function serviceLevel(target: PostTarget, level: LevelMessages, concurrency: number, durationMs: number, acked: Set<string>): Promise<Figures> {
  const { result, cpu } = await closedLoop(telegramPoster(target, level.bodies, concurrency, false), target, concurrency, durationMs, level.bodies.length);
  level.specs.forEach((spec, i) => { if (result.acked[i] === 1) acked.add(spec.key); });
  return cpu(result);
}

/** The HTTP ceiling: the same bodies over and over (it stores nothing), up to `capacity` requests. */
export async function ceilingLevel(target: PostTarget, level: LevelMessages, concurrency: number, durationMs: number, capacity: number): Promise<Figures> {
  const { result, cpu } = await closedLoop(telegramPoster(target, level.bodies, concurrency, true), target, concurrency, durationMs, capacity);
  return cpu(result);
}

async function closedLoop(poster: ReturnType<typeof telegramPoster>, target: PostTarget, concurrency: number, durationMs: number, capacity: number) {
  const before = { server: processCpuMs(target.process.pid), database: target.databaseCpuMs(), own: ownCpuMs() };
  try {
    const result = await runClosedLoop({ concurrency, durationMs, capacity, attempt: poster.attempt });
    return { result, cpu: (r: LoopResult) => withCpu(r, before, target) };
  } finally {
    poster.close();
  }
}

/** An open-loop level's figures, with the CPU each process spent per acknowledged message. */
export type OpenLoopFigures = OpenLoopResult & Pick<Figures, 'serverCpuMsPerRequest' | 'databaseCpuMsPerRequest' | 'generatorCpuMsPerRequest'>;

/** The open-loop level: updates sent at a fixed rate, latency counted from each one's scheduled time. */
export async function postOpenLoop(target: PostTarget, specs: readonly TelegramSpec[], ratePerSecond: number, durationMs: number, acked: Set<string>): Promise<OpenLoopFigures> {
  const poster = telegramPoster(target, specs.map(updateBody), 512, false);
  const before = { server: processCpuMs(target.process.pid), database: target.databaseCpuMs(), own: ownCpuMs() };
  try {
    const result = await runOpenLoop({ ratePerSecond, durationMs, capacity: specs.length, attempt: poster.attempt });
    specs.forEach((spec, i) => { if (result.acked[i] === 1) acked.add(spec.key); });
    return { ...result, ...withCpu(result, before, target) };
  } finally {
    poster.close();
  }
}

function telegramPoster(target: PostTarget, bodies: readonly Buffer[], maxSockets: number, cycle: boolean) {
  return bodyPoster({
    baseUrl: target.process.baseUrl, path: `/webhooks/telegram/${target.channel.id}`, bodies, maxSockets, cycle, isAck: target.isAck,
    headers: { 'x-telegram-bot-api-secret-token': target.channel.secretToken },
  });
}

/** The raw `pg` ceiling at one concurrency: the same mix of rows, single-row autocommit INSERTs. */
export async function rawLevel(target: BaselineTarget, workload: TelegramWorkload, channelId: string, settings: IngestSettings, concurrency: number, durationMs: number): Promise<Figures> {
  const specs = workload.mixed(Math.ceil((settings.baselineCeilingPerSecond * durationMs) / 1000), settings.newSenderEvery, concurrency);
  const { result, databaseCpuMs, ownCpuMs: generatorCpuMs } = await runBaselineLevel(target, baselineRows(specs, channelId), concurrency, durationMs);
  // No service between: the database server's CPU (or, embedded, this process's) is the whole cost.
  return {
    ...figures(result), serverCpuMsPerRequest: Number.NaN,
    databaseCpuMsPerRequest: perItem(databaseCpuMs, result), generatorCpuMsPerRequest: perItem(generatorCpuMs, result),
  };
}

/** A level's messages: the mix of issue 5 (new and existing senders), enough for the service's upper bound. */
export function levelMessages(workload: TelegramWorkload, settings: IngestSettings, durationMs: number, seed: number): LevelMessages {
  const specs = workload.mixed(Math.ceil((settings.servicePerSecond * durationMs) / 1000), settings.newSenderEvery, seed);
  return { specs, bodies: specs.map(updateBody) };
}

export const figures = ({ acked: _acked, ...rest }: LoopResult): Omit<LoopResult, 'acked'> => rest;

function withCpu(result: LoopResult, before: { server: number; database: number; own: number }, target: PostTarget): Figures {
  return {
    ...figures(result),
    serverCpuMsPerRequest: perItem(processCpuMs(target.process.pid) - before.server, result),
    databaseCpuMsPerRequest: perItem(target.databaseCpuMs() - before.database, result),
    generatorCpuMsPerRequest: perItem(ownCpuMs() - before.own, result),
  };
}

const perItem = (ms: number, result: LoopResult): number => round2(ms / Math.max(1, result.acknowledged));
