import type { JobId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { ClaimedJob, JobLane, JobQueue } from '../ports/job-queue.ts';
import type { JobHandler, JobResult } from './job-handler.ts';

/** How the worker holds and retries jobs. */
export interface JobPolicy {
  readonly batchSize: number;
  /** The kinds of job this worker takes (default: all). */
  readonly lane?: JobLane | undefined;
  readonly leaseMs: number;
  /** Delay before retry number `attempt` (1-based) when the job named none. */
  readonly backoffMs: (attempt: number) => number;
}

/** Exponential back-off from 1 s, capped at 1 hour, with jitter so retries do not stampede. */
export const exponentialBackoff = (attempt: number): number => {
  const base = Math.min(1000 * 2 ** (attempt - 1), 3_600_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
};

/** Claims the due jobs, runs each, and records how each ended; returns how many ran. */
export async function runDueJobs(deps: Deps, handlers: Readonly<Record<string, JobHandler>>, policy: JobPolicy): Promise<number> {
  const claimed = await claimDueJobs(deps, policy, policy.batchSize);
  const done = await Promise.all(claimed.map((job) => runClaimedJob(deps, handlers, policy, job)));
  const completed = claimed.filter((_, i) => done[i]).map((job) => job.id);
  if (completed.length > 0) await claimDueJobs(deps, policy, 0, completed);
  return claimed.length;
}

/** Takes up to `limit` due jobs, each held for the policy's lease, and completes the `completed` ones in the same statement. */
export function claimDueJobs(deps: Pick<Deps, 'transaction' | 'clock'>, policy: JobPolicy, limit: number, completed: readonly JobId[] = []): Promise<ClaimedJob[]> {
  return deps.transaction.autocommit(({ jobs }) => jobs.claim(limit, deps.clock.now(), policy.leaseMs, completed, policy.lane));
}

/**
 * Runs one claimed job. A retry or a failure is recorded at once; a job done resolves to true and is left
 * for the caller to complete with its next claim (`claimDueJobs`): one statement for both. Until then its
 * lease keeps it from every other worker.
 */
export async function runClaimedJob(deps: Deps, handlers: Readonly<Record<string, JobHandler>>, policy: JobPolicy, job: ClaimedJob): Promise<boolean> {
  const handler = handlers[job.kind];
  let result: JobResult;
  try {
    result = handler ? await handler(deps, job.payload, { number: job.attempts, isLast: job.attempts >= job.maxAttempts }) : { kind: 'give_up', reason: `no handler for job kind ${job.kind}` };
  } catch (error) {
    result = { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
  }
  if (!result) return true;
  const failure = result;
  await deps.transaction.autocommit(({ jobs }) => settleFailure(jobs, deps.clock.now(), policy, job, failure));
  return false;
}

async function settleFailure(jobs: JobQueue, now: Date, policy: JobPolicy, job: ClaimedJob, result: Exclude<JobResult, void>): Promise<void> {
  if (result.kind === 'give_up' || job.attempts >= job.maxAttempts) return jobs.fail(job.id, result.reason);
  const delay = result.afterMs ?? policy.backoffMs(job.attempts);
  return jobs.retry(job.id, new Date(now.getTime() + delay), result.reason);
}
