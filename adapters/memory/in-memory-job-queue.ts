import type { Ids } from '../../application/ports/ids.ts';
import type { JobLane, JobQueue } from '../../application/ports/job-queue.ts';
import type { Clock } from '../../application/ports/clock.ts';
import type { JobId } from '../../domain/ids.ts';
import type { MemoryState } from './memory-state.ts';

const DEFAULT_MAX_ATTEMPTS = 10;

/** The job queue in memory, held to the job queue contract. */
export const createInMemoryJobQueue = (state: MemoryState, ids: Ids, clock: Clock): JobQueue => ({
  async enqueue(request) {
    const id = ids.next<JobId>();
    state.jobs.set(id, { id, request, runAt: request.runAt ?? clock.now(), attempts: 0, lockedUntil: null, state: 'pending', lastError: null });
  },
  async claim(limit, now, leaseMs, completed = [], lane = ANY_KIND) {
    for (const id of completed) state.jobs.delete(id);
    const due = [...state.jobs.values()]
      .filter((j) => j.state === 'pending' && j.runAt <= now && (!j.lockedUntil || j.lockedUntil <= now))
      .filter((j) => lane.kinds.includes(j.request.kind) !== lane.except)
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime())
      .slice(0, limit);
    return due.map((job) => {
      job.attempts += 1;
      job.lockedUntil = new Date(now.getTime() + leaseMs);
      const maxAttempts = job.request.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      return { id: job.id as JobId, kind: job.request.kind, payload: job.request.payload, attempts: job.attempts, maxAttempts };
    });
  },
  async retry(id, at, error) {
    const job = state.jobs.get(id);
    if (!job) return;
    Object.assign(job, { runAt: at, lockedUntil: null, lastError: error });
  },
  async fail(id, error) {
    const job = state.jobs.get(id);
    if (!job) return;
    Object.assign(job, { state: 'failed', lockedUntil: null, lastError: error });
  },
  async countPending() {
    return [...state.jobs.values()].filter((j) => j.state === 'pending').length;
  },
});

const ANY_KIND: JobLane = { kinds: [], except: true };
