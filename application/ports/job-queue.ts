import type { JobId } from '../../domain/ids.ts';

/** Work to do after the transaction that asked for it commits, durably, with retries. */
export interface JobRequest {
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly runAt?: Date | undefined;
  readonly maxAttempts?: number | undefined;
}

/** A job a worker holds until its lease ends. */
export interface ClaimedJob {
  readonly id: JobId;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Counting this one. */
  readonly attempts: number;
  readonly maxAttempts: number;
}

/** Which kinds of job a claim takes: these kinds only, or all but these. */
export interface JobLane {
  readonly kinds: readonly string[];
  readonly except: boolean;
}

/** A durable queue of jobs: enqueued inside a transaction (with the data it is about), claimed by workers. */
export interface JobQueue {
  enqueue(job: JobRequest): Promise<void>;
  /**
   * Takes up to `limit` due jobs, each held for `leaseMs`; jobs held by another worker are skipped. The
   * `completed` jobs (done by the caller) are forgotten in the same call, and never taken by it: a worker
   * that finishes a job and takes the next pays for one statement, not two. With a `lane`, only jobs of its kinds
   * are taken (or, `except`, of any other kind).
   */
  claim(limit: number, now: Date, leaseMs: number, completed?: readonly JobId[], lane?: JobLane): Promise<ClaimedJob[]>;
  /** Releases the job to run again at `at`, remembering why it failed. */
  retry(id: JobId, at: Date, error: string): Promise<void>;
  /** Gives up on the job for good, keeping it with the reason for whoever looks. */
  fail(id: JobId, error: string): Promise<void>;
  /** Jobs not yet done (pending or held), for health and tests. */
  countPending(): Promise<number>;
}
