/** What one run does; every figure is fixed here so that two runs are comparable. */
export interface BenchSettings {
  /** Closed-loop concurrency levels, in order. */
  readonly levels: readonly number[];
  /** Measured time per level (service and baseline alike). */
  readonly levelMs: number;
  /** Mixed traffic sent before the first level so the service's code paths are compiled and warm. */
  readonly warmupMs: number;
  /** Senders whose contact and chat exist before measuring: the "existing sender" share writes to them. */
  readonly existingSenders: number;
  /** Every n-th message of a level comes from a sender never seen before (5 = 20 % new). */
  readonly newSenderEvery: number;
  /** Bodies pre-built per level: an upper bound of messages/s times the level's seconds. */
  readonly httpCeilingPerSecond: number;
  readonly baselineCeilingPerSecond: number;
  /** How long the service may take to answer /health (a loaded 2-core machine needed 15 s). */
  readonly startTimeoutMs: number;
  /** The whole run is aborted after this, the child killed. */
  readonly runTimeoutMs: number;
}

/** BENCH_SECONDS shortens or lengthens each level (default 5), e.g. for a quick smoke run. */
export function benchSettings(env: Readonly<Record<string, string | undefined>>): BenchSettings {
  const seconds = Number(env['BENCH_SECONDS'] ?? '5');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 20) throw new Error('BENCH_SECONDS must be a number in (0, 20]');
  return {
    levels: [1, 16, 64],
    levelMs: seconds * 1000,
    warmupMs: 2000,
    existingSenders: 200,
    newSenderEvery: 5,
    httpCeilingPerSecond: 8000,
    baselineCeilingPerSecond: 25_000,
    startTimeoutMs: 60_000,
    runTimeoutMs: 170_000,
  };
}
