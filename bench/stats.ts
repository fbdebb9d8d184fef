import { loadavg } from 'node:os';

/** Nearest-rank percentile of latencies already sorted ascending. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Rounds for the report (latencies to 0.01 ms). */
export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Two decimals, or n/a for a figure that could not be measured. */
export const twoDecimals = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');

/** The 1-minute load average: other work on this shared 2-core machine skews every figure. */
export const loadAverage = (): number => round2(loadavg()[0] ?? Number.NaN);
