import { setTimeout as sleep } from 'node:timers/promises';
import type { Attempt, LoopResult } from './closed-loop.ts';
import { loadAverage, percentile, round2 } from './stats.ts';

/** An open-loop run: items are sent on a fixed schedule, whether or not earlier ones were answered. */
export interface OpenLoopOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Items available (pre-built); at most rate × duration are sent. */
  readonly capacity: number;
  readonly attempt: Attempt;
}

/** A closed loop's figures, where `concurrency` is the most requests that were in flight at once. */
export interface OpenLoopResult extends LoopResult {
  readonly ratePerSecond: number;
}

/**
 * Sends item i at start + i / rate and measures its latency from that scheduled time, not from
 * when it actually left: a server (or a generator) that falls behind shows as latency, as queueing
 * does for a messenger's webhook (no coordinated omission).
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const total = Math.min(options.capacity, Math.floor((options.ratePerSecond * options.durationMs) / 1000));
  const latencies: number[] = [];
  const acked = new Uint8Array(options.capacity);
  const failures: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const started = performance.now();
  const scheduledAt = (index: number) => started + (index * 1000) / options.ratePerSecond;
  const send = (index: number) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    pending.push(options.attempt(index).catch(labelOf).then((failure) => {
      inFlight--;
      if (failure !== null) return void (failures[failure] = (failures[failure] ?? 0) + 1);
      latencies.push(performance.now() - scheduledAt(index));
      acked[index] = 1;
    }));
  };
  for (let next = 0; next < total;) {
    while (next < total && scheduledAt(next) <= performance.now()) send(next++);
    if (next < total) await sleep(Math.max(0, scheduledAt(next) - performance.now()));
  }
  await Promise.all(pending);
  return summary(options, total, latencies, acked, failures, maxInFlight, performance.now() - started);
}

function summary(
  options: OpenLoopOptions, sent: number, latencies: number[], acked: Uint8Array, failures: Record<string, number>, maxInFlight: number, elapsedMs: number,
): OpenLoopResult {
  const sorted = Float64Array.from(latencies).sort();
  return {
    concurrency: maxInFlight,
    ratePerSecond: options.ratePerSecond,
    sent,
    acknowledged: sorted.length,
    failed: sent - sorted.length,
    failures,
    elapsedMs: Math.round(elapsedMs),
    perSecond: Math.round((sorted.length * 1000) / elapsedMs),
    p50Ms: round2(percentile(sorted, 50)),
    p99Ms: round2(percentile(sorted, 99)),
    maxMs: round2(sorted[sorted.length - 1] ?? Number.NaN),
    exhausted: options.capacity < Math.floor((options.ratePerSecond * options.durationMs) / 1000),
    loadAverageAfter: loadAverage(),
    acked,
  };
}

function labelOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message.slice(0, 80) : String(error);
}
