import type { Deps } from '../application/deps.ts';
import type { JobHandler } from '../application/jobs/job-handler.ts';
import { claimDueJobs, runClaimedJob, type JobPolicy } from '../application/jobs/run-due-jobs.ts';
import type { ClaimedJob } from '../application/ports/job-queue.ts';
import type { Logger } from './logger.ts';

/** A running worker: `wake()` when jobs were just enqueued, `stop()` to finish in-flight jobs and end. */
export interface JobWorker {
  wake(): void;
  stop(): Promise<void>;
}

export interface JobWorkerOptions {
  readonly deps: Deps;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** `batchSize` is how many jobs run at once. */
  readonly policy: JobPolicy;
  /** How often to look for due jobs when nobody wakes the worker (jobs of other instances, retries). */
  readonly pollMs: number;
  readonly logger: Logger;
}

/**
 * Keeps up to `policy.batchSize` jobs running: a freed slot is filled at once, not when the slowest
 * job of a batch ends (a chat's next delivery is enqueued by the one before it, so waiting for a whole
 * batch held every chat's queue behind the slowest messenger call).
 */
export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const slots = options.policy.batchSize;
  const inFlight = new Set<Promise<void>>();
  let running = true;
  // More may be due when the last claim filled every free slot: a freed slot then claims again.
  let saturated = false;
  const alarm = createAlarm();
  const start = (job: ClaimedJob) => {
    const run = runClaimedJob(options.deps, options.handlers, options.policy, job)
      .catch((error: unknown) => options.logger.error({ err: error, jobId: job.id }, 'job worker could not record a job'))
      .finally(() => { inFlight.delete(run); if (saturated) alarm.ring(); });
    inFlight.add(run);
  };
  const loop = (async () => {
    while (running) {
      const free = slots - inFlight.size;
      if (free > 0) {
        // Consumed before the claim: whatever was enqueued before this point, the claim sees.
        alarm.reset();
        const claimed = await claimDueJobs(options.deps, options.policy, free).catch((error: unknown) => {
          options.logger.error({ err: error }, 'job worker could not claim jobs');
          return [];
        });
        for (const job of claimed) start(job);
        saturated = claimed.length === free;
        if (saturated) continue;
      }
      if (running) await alarm.wait(options.pollMs);
    }
    await Promise.all(inFlight);
  })();
  return {
    wake: () => alarm.ring(),
    async stop() {
      running = false;
      alarm.ring();
      await loop;
    },
  };
}

/** A wake-up that is kept when nobody waits yet: the next wait then returns at once. */
function createAlarm() {
  let rung = false;
  let resolveWait: (() => void) | undefined;
  return {
    ring() {
      rung = true;
      resolveWait?.();
    },
    reset() {
      rung = false;
    },
    wait(ms: number): Promise<void> {
      if (rung) { rung = false; return Promise.resolve(); }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() { clearTimeout(timer); resolveWait = undefined; rung = false; resolve(); }
        resolveWait = done;
      });
    },
  };
}
