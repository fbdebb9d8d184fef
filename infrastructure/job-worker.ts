import type { Deps } from '../application/deps.ts';
import type { JobHandler } from '../application/jobs/job-handler.ts';
import { runDueJobs, type JobPolicy } from '../application/jobs/run-due-jobs.ts';
import type { Logger } from './logger.ts';

/** A running worker: `wake()` when jobs were just enqueued, `stop()` to finish in-flight jobs and end. */
export interface JobWorker {
  wake(): void;
  stop(): Promise<void>;
}

export interface JobWorkerOptions {
  readonly deps: Deps;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly policy: JobPolicy;
  /** How often to look for due jobs when nobody wakes the worker (jobs of other instances, retries). */
  readonly pollMs: number;
  readonly logger: Logger;
}

/** Polls the durable queue and runs due jobs until stopped. */
export function startJobWorker(options: JobWorkerOptions): JobWorker {
  let running = true;
  // A wake-up that came while jobs ran must not be lost: the next sleep is skipped.
  let woken = false;
  let wakeUp: () => void = () => { woken = true; };
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    if (woken) { woken = false; return resolve(); }
    const timer = setTimeout(done, ms);
    function done() { clearTimeout(timer); wakeUp = () => { woken = true; }; resolve(); }
    wakeUp = done;
  });
  const loop = (async () => {
    while (running) {
      const ran = await runDueJobs(options.deps, options.handlers, options.policy).catch((error: unknown) => {
        options.logger.error({ err: error }, 'job worker could not run jobs');
        return 0;
      });
      if (running && ran < options.policy.batchSize) await sleep(options.pollMs);
    }
  })();
  return {
    wake: () => wakeUp(),
    async stop() {
      running = false;
      wakeUp();
      await loop;
    },
  };
}
