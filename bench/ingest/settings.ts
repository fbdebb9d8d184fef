/** What one ingest run does; every figure is fixed here so that two runs are comparable. */
export interface IngestSettings {
  /** Closed-loop concurrency levels, in order (issue 5: 1, 16 and 64). */
  readonly levels: readonly number[];
  /** Measured time per level (service, raw pg ceiling, HTTP ceiling and the open-loop level alike). */
  readonly levelMs: number;
  /** Mixed traffic sent before the first level so the service's code paths are compiled and warm. */
  readonly warmupMs: number;
  /** Senders whose contact and chat exist before measuring: the "existing sender" share writes to them. */
  readonly existingSenders: number;
  /** Every n-th message of a level comes from a sender never seen before (5 = 20 % new). */
  readonly newSenderEvery: number;
  /** The open-loop level's rate, as a share of the best closed-loop throughput (issue 5: half the max load). */
  readonly openLoopShare: number;
  /** A lighter open-loop level after it, shown beside it (not a target): how latency falls with the load. */
  readonly lighterOpenLoopShare: number;
  /** Service bodies pre-built per level: an upper bound of messages/s times the level's seconds (the HTTP ceiling cycles over them). */
  readonly servicePerSecond: number;
  readonly baselineCeilingPerSecond: number;
  /** Upper bound of the HTTP ceiling's requests/s (it cycles over the service's bodies). */
  readonly httpCeilingPerSecond: number;
  /** How long the service may take to answer /health (a loaded 2-core machine needed 15 s). */
  readonly startTimeoutMs: number;
  /** One database's run is aborted after this (its children killed). */
  readonly runTimeoutMs: number;
}

/** The settings for `seconds` per measured level (BENCH_SECONDS). */
export function ingestSettings(seconds: number): IngestSettings {
  const levelMs = Math.round(seconds * 1000);
  return {
    levels: [1, 16, 64],
    levelMs,
    warmupMs: 2000,
    existingSenders: 200,
    newSenderEvery: 5,
    openLoopShare: 0.5,
    lighterOpenLoopShare: 0.25,
    servicePerSecond: 10_000,
    baselineCeilingPerSecond: 25_000,
    httpCeilingPerSecond: 60_000,
    startTimeoutMs: 60_000,
    // Per level: service, raw pg and HTTP ceilings; then the two open loops; plus start, warm-up, idle waits and stop.
    runTimeoutMs: 120_000 + 13 * levelMs,
  };
}
