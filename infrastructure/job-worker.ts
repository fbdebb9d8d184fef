import type { Deps } from '../application/deps.ts';
import type { JobHandler } from '../application/jobs/job-handler.ts';
import { claimDueJobs, runClaimedJob, type JobPolicy } from '../application/jobs/run-due-jobs.ts';
import type { ClaimedJob } from '../application/ports/job-queue.ts';
import type { JobId } from '../domain/ids.ts';
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
  /** How long a job done may wait for a claim to complete it with, before one is made for it (default 100 ms). */
  readonly completionDelayMs?: number | undefined;
  readonly logger: Logger;
}

/**
 * Keeps up to `policy.batchSize` jobs running: a freed slot is filled at once, not when the slowest
 * job of a batch ends (a chat's next delivery is enqueued by the one before it, so waiting for a whole
 * batch held every chat's queue behind the slowest messenger call). The jobs done since the last claim
 * are completed by the next one, in its statement: the claim a wake-up or a freed slot makes anyway, or,
 * when none comes, one made for them `completionDelayMs` later.
 */
export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const slots = options.policy.batchSize;
  const inFlight = new Set<Promise<void>>();
  const completed: JobId[] = [];
  let running = true;
  // More may be due when the last claim filled every free slot: a freed slot then claims again at once.
  let saturated = false;
  const alarm = createAlarm();
  const completion = delayedRing(alarm, options.completionDelayMs ?? 100);
  const start = (job: ClaimedJob) => {
    const run = runClaimedJob(options.deps, options.handlers, options.policy, job)
      .then((done) => { if (done) completed.push(job.id); })
      .catch((error: unknown) => options.logger.error({ err: error, jobId: job.id }, 'job worker could not record a job'))
      .finally(() => {
        inFlight.delete(run);
        if (saturated) alarm.ring();
        else if (completed.length > 0) completion.schedule();
      });
    inFlight.add(run);
  };
  const claim = async (free: number): Promise<void> => {
    const completing = completed.splice(0);
    const claimed = await claimDueJobs(options.deps, options.policy, free, completing).catch((error: unknown) => {
      options.logger.error({ err: error }, 'job worker could not claim jobs');
      completed.push(...completing);
      return [];
    });
    for (const job of claimed) start(job);
    saturated = free > 0 && claimed.length === free;
  };
  const loop = (async () => {
    while (running) {
      const free = slots - inFlight.size;
      if (free > 0 || completed.length > 0) {
        // Consumed before the claim: whatever was enqueued before this point, the claim sees.
        alarm.reset();
        await claim(free);
        if (saturated) continue;
      }
      if (running) await alarm.wait(options.pollMs);
    }
    await Promise.all(inFlight);
    completion.cancel();
    if (completed.length > 0) await claim(0);
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

/** Rings the alarm `ms` after the first call since it last rang this way (later calls change nothing). */
function delayedRing(alarm: { ring(): void }, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule() {
      timer ??= setTimeout(() => { timer = undefined; alarm.ring(); }, ms);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
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
