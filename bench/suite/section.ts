/**
 * One part of `npm run bench` (ingest, reads, real-time, outbound, footprint). Each part measures
 * itself against a ceiling taken on the same machine in the same run, and says whether its targets
 * (issue 5) were met.
 */

/** One target of the issue, checked: what was asked, what was measured, and whether it holds. */
export interface TargetCheck {
  /** e.g. "ingest on PostgreSQL, c=16: ≥ 0.5 × raw pg" */
  readonly name: string;
  /** e.g. "≥ 0.5 ×", "p50 < 5 ms" */
  readonly target: string;
  /** e.g. "0.62 × (2680 msg/s vs 4318 rows/s)" */
  readonly measured: string;
  readonly met: boolean;
}

/** What one section reports: a markdown part of the report, its raw figures, its targets. */
export interface SectionResult {
  /** Short id, also the results file name part: "ingest-postgres", "reads", "realtime", "outbound", "footprint". */
  readonly name: string;
  /** A markdown section (starting with a `##` heading): tables with the ceiling beside each figure. */
  readonly markdown: string;
  /** Every figure measured, for the JSON file. */
  readonly data: unknown;
  readonly targets: readonly TargetCheck[];
}

/** What every section gets from the suite runner. */
export interface SectionContext {
  /** A real PostgreSQL server to use (a database the section may fill and empty), or undefined: skip server parts. */
  readonly databaseUrl: string | undefined;
  /** Seconds per measured level (BENCH_SECONDS, default 5); sections scale their durations by it. */
  readonly seconds: number;
  readonly log: (line: string) => void;
}

/** A section of the suite. */
export type Section = (context: SectionContext) => Promise<SectionResult | SectionResult[]>;
