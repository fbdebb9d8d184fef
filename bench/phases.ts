import { runClosedLoop, type LoopResult } from './closed-loop.ts';
import { webhookPoster, type BenchChannel } from './http-client.ts';
import { baselineRows, runBaselineLevel, type BaselineTarget } from './baseline.ts';
import { buildSpecs, introductions, seededRandom, signBodies, type MessageSpec, type SignedBody } from './workload.ts';
import type { BenchSettings } from './settings.ts';

/** Messages ready to post: the specs (their ids are checked later) and their signed bodies. */
export interface Prepared {
  readonly specs: readonly MessageSpec[];
  readonly bodies: readonly SignedBody[];
}

/** Serialises and signs before anything is measured (time and CPU alike). */
export const prepare = (channel: BenchChannel, specs: readonly MessageSpec[]): Prepared =>
  ({ specs, bodies: signBodies(specs, channel.source, channel.secret) });

/** Posts prepared messages at one concurrency and adds the acknowledged ids to `acked`. */
export async function postMessages(
  baseUrl: string, channel: BenchChannel, { specs, bodies }: Prepared, concurrency: number, durationMs: number, acked: Set<string>,
): Promise<LoopResult> {
  const poster = webhookPoster(baseUrl, channel.id, bodies, concurrency);
  try {
    const result = await runClosedLoop({ concurrency, durationMs, capacity: bodies.length, attempt: poster.attempt });
    specs.forEach((spec, i) => { if (result.acked[i] === 1) acked.add(spec.id); });
    return result;
  } finally {
    poster.close();
  }
}

/**
 * Creates the existing senders (one message each), then sends mixed traffic for a moment so the
 * service's code is compiled and its pool connected before anything is measured.
 */
export async function warmUp(
  baseUrl: string, channel: BenchChannel, settings: BenchSettings, runId: string, existing: readonly string[], acked: Set<string>,
): Promise<LoopResult[]> {
  const intro = await postMessages(baseUrl, channel, prepare(channel, introductions(`${runId}-intro`, existing)), 16, 60_000, acked);
  const specs = buildSpecs(`${runId}-warm`, Math.ceil((settings.httpCeilingPerSecond * settings.warmupMs) / 1000), existing, settings.newSenderEvery, seededRandom(1));
  const warm = await postMessages(baseUrl, channel, prepare(channel, specs), 16, settings.warmupMs, acked);
  return [intro, warm];
}

/** Specs of one measured level, the same sequence for the service and the baseline (same seed). */
export function levelSpecs(runId: string, phase: string, concurrency: number, settings: BenchSettings, existing: readonly string[], ceilingPerSecond: number): MessageSpec[] {
  const count = Math.ceil((ceilingPerSecond * settings.levelMs) / 1000);
  return buildSpecs(`${runId}-${phase}-c${concurrency}`, count, existing, settings.newSenderEvery, seededRandom(concurrency));
}

/** Every baseline level on one target, after a short warm-up of its own. */
export async function baselineLevels(target: BaselineTarget, runId: string, settings: BenchSettings, existing: readonly string[], channelId: string): Promise<LoopResult[]> {
  const warmRows = baselineRows(levelSpecs(runId, 'base-warm', 16, { ...settings, levelMs: 1000 }, existing, settings.baselineCeilingPerSecond), channelId);
  await runBaselineLevel(target, warmRows, 16, 1000);
  const results: LoopResult[] = [];
  for (const concurrency of settings.levels) {
    const rows = baselineRows(levelSpecs(runId, 'base', concurrency, settings, existing, settings.baselineCeilingPerSecond), channelId);
    results.push(await runBaselineLevel(target, rows, concurrency, settings.levelMs));
  }
  return results;
}
