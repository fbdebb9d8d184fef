import { percentile, round2, loadAverage } from './stats.ts';

/** One attempt: null when acknowledged, else a short label of what went wrong ("status 500", "ECONNRESET"). */
export type Attempt = (index: number) => Promise<string | null>;

/** A closed-loop run: `concurrency` workers each send the next item as soon as their previous one is answered. */
export interface LoopOptions {
  readonly concurrency: number;
  /** Stop taking new items after this long (in-flight ones still finish and count). */
  readonly durationMs: number;
  /** Items available (pre-built); the run also stops when they run out. */
  readonly capacity: number;
  readonly attempt: Attempt;
}

export interface LoopResult {
  readonly concurrency: number;
  readonly sent: number;
  readonly acknowledged: number;
  readonly failed: number;
  /** Failure label -> count; must stay empty. */
  readonly failures: Record<string, number>;
  readonly elapsedMs: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** True when the pre-built items ran out before the time did (raise the ceiling setting). */
  readonly exhausted: boolean;
  readonly loadAverageAfter: number;
  /** acked[i] === 1 when item i was acknowledged: the verification compares these with stored rows. */
  readonly acked: Uint8Array;
}

/** Runs the loop and measures acknowledgement latency per item (failures are counted, not timed). */
export async function runClosedLoop(options: LoopOptions): Promise<LoopResult> {
  const latencies = new Float64Array(options.capacity);
  const acked = new Uint8Array(options.capacity);
  const failures: Record<string, number> = {};
  let next = 0;
  let ackCount = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async () => {
    while (next < options.capacity && performance.now() < deadline) {
      const index = next++;
      const sentAt = performance.now();
      const failure = await options.attempt(index).catch((error: unknown) => labelOf(error));
      if (failure === null) {
        latencies[ackCount++] = performance.now() - sentAt;
        acked[index] = 1;
      } else {
        failures[failure] = (failures[failure] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  const sorted = latencies.subarray(0, ackCount).sort();
  return {
    concurrency: options.concurrency,
    sent: next,
    acknowledged: ackCount,
    failed: next - ackCount,
    failures,
    elapsedMs: Math.round(elapsedMs),
    perSecond: Math.round((ackCount * 1000) / elapsedMs),
    p50Ms: round2(percentile(sorted, 50)),
    p99Ms: round2(percentile(sorted, 99)),
    maxMs: round2(sorted[sorted.length - 1] ?? Number.NaN),
    exhausted: next >= options.capacity,
    loadAverageAfter: loadAverage(),
    acked,
  };
}

function labelOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message.slice(0, 80) : String(error);
}
