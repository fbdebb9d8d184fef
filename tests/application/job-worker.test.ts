import { describe, expect, it } from 'vitest';
import type { JobHandler } from '../../application/jobs/job-handler.ts';
import type { JobPolicy } from '../../application/jobs/run-due-jobs.ts';
import { startJobWorker } from '../../infrastructure/job-worker.ts';
import { createLogger } from '../../infrastructure/logger.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';

const policy: JobPolicy = { batchSize: 2, leaseMs: 60_000, backoffMs: () => 1000 };
// Never polls during a test: every start comes from a wake-up or a freed slot.
const POLL_MS = 600_000;

const enqueue = (deps: MemoryDeps, kind: string, n: number) => deps.transaction.run(({ jobs }) => jobs.enqueue({ kind, payload: { n } }));
const pending = (deps: MemoryDeps) => deps.transaction.run(({ jobs }) => jobs.countPending());

/** A promise and its resolve, to hold a job until the test lets it go. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { open, opened };
}

/** Handlers: `slow` waits for its gate; `quick` records its payload and tells whoever waits for it. */
function handlers(slow: { opened: Promise<void> }, done: number[], onDone: () => void): Record<string, JobHandler> {
  return {
    slow: async () => { await slow.opened; },
    quick: async (_deps, payload) => { done.push(payload['n'] as number); onDone(); },
  };
}

describe('startJobWorker', () => {
  it('fills a freed slot at once: a slow job does not hold up the jobs enqueued after it', async () => {
    const deps = createMemoryDeps();
    const slow = gate();
    const done: number[] = [];
    let next = gate();
    const worker = startJobWorker({ deps, handlers: handlers(slow, done, () => next.open()), policy, pollMs: POLL_MS, logger: createLogger('silent') });
    await enqueue(deps, 'slow', 0);
    await enqueue(deps, 'quick', 1);
    worker.wake();
    await next.opened;
    for (const n of [2, 3]) {
      next = gate();
      await enqueue(deps, 'quick', n);
      worker.wake();
      await next.opened;
    }
    // Two more jobs ran in the slot the first quick one freed, while the slow one still holds the other.
    expect(done).toEqual([1, 2, 3]);
    slow.open();
    await worker.stop();
    expect(await pending(deps)).toBe(0);
  });

  it('runs a lane\'s jobs while every slot of the other lane is held (a reply never waits behind downloads)', async () => {
    const deps = createMemoryDeps();
    const slow = gate();
    const done: number[] = [];
    const quickDone = gate();
    const logger = createLogger('silent');
    const lane = (except: boolean) => ({ ...policy, lane: { kinds: ['quick'], except } });
    const run = handlers(slow, done, () => quickDone.open());
    const background = startJobWorker({ deps, handlers: run, policy: lane(true), pollMs: POLL_MS, logger });
    const replies = startJobWorker({ deps, handlers: run, policy: lane(false), pollMs: POLL_MS, logger });
    for (const n of [0, 1]) await enqueue(deps, 'slow', n);
    await enqueue(deps, 'quick', 7);
    // The replies' worker claims first: were its lane ignored, the slow jobs would fill its slots.
    replies.wake();
    await quickDone.opened;
    expect(done).toEqual([7]);
    background.wake();
    while ([...deps.state.jobs.values()].some((job) => job.attempts === 0)) await new Promise((resolve) => setTimeout(resolve, 1));
    slow.open();
    await Promise.all([background.stop(), replies.stop()]);
    expect(await pending(deps)).toBe(0);
  });

  it('runs at most batchSize jobs at once, and the next one when a slot frees', async () => {
    const deps = createMemoryDeps();
    const release = gate();
    const full = gate();
    const third = gate();
    let started = 0;
    let running = 0;
    let most = 0;
    const held: JobHandler = async () => {
      if (++started === 3) third.open();
      most = Math.max(most, ++running);
      if (running === policy.batchSize) full.open();
      await release.opened;
      running--;
    };
    const worker = startJobWorker({ deps, handlers: { held }, policy, pollMs: POLL_MS, logger: createLogger('silent') });
    for (const n of [1, 2, 3]) await enqueue(deps, 'held', n);
    worker.wake();
    await full.opened;
    expect(started).toBe(2);
    release.open();
    await third.opened;
    await worker.stop();
    expect({ started, most }).toEqual({ started: 3, most: 2 });
    expect(await pending(deps)).toBe(0);
  });

  it('completes each job done with the claim that fills its slot: one statement per job, none left behind', async () => {
    const { deps, counted, calls } = countingClaims();
    const last = gate();
    const done: number[] = [];
    const worker = startJobWorker({
      deps: counted, handlers: handlers(gate(), done, () => { if (done.length === 3) last.open(); }),
      policy: { ...policy, batchSize: 1 }, pollMs: POLL_MS, logger: createLogger('silent'),
    });
    for (const n of [1, 2, 3]) await enqueue(deps, 'quick', n);
    worker.wake();
    await last.opened;
    // The last job's freed slot claims once more, completing it, though nothing else is due.
    while ((await pending(deps)) > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    // At start (nothing due yet), on the wake-up, then one per job done.
    expect(calls).toEqual(['claim 0', 'claim 0', 'claim 1', 'claim 1', 'claim 1']);
    await worker.stop();
    expect(calls).toHaveLength(5);
  });

  it('with slots to spare, completes a job done with the next wake-up\'s claim, or with one of its own a moment later', async () => {
    const { deps, counted, calls } = countingClaims();
    let next = gate();
    const done: number[] = [];
    const worker = startJobWorker({
      deps: counted, handlers: handlers(gate(), done, () => next.open()), policy, pollMs: POLL_MS, completionDelayMs: 50, logger: createLogger('silent'),
    });
    await enqueue(deps, 'quick', 1);
    worker.wake();
    await next.opened;
    next = gate();
    await enqueue(deps, 'quick', 2);
    worker.wake();
    await next.opened;
    expect(await pending(deps)).toBe(1);
    while ((await pending(deps)) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual(['claim 0', 'claim 0', 'claim 1', 'claim 1']);
    await worker.stop();
    expect(calls).toHaveLength(4);
  });
});

/** Memory deps whose job claims (and the completions they carry) are recorded as they reach the queue. */
function countingClaims() {
  const deps = createMemoryDeps();
  const calls: string[] = [];
  const counted: MemoryDeps = {
    ...deps,
    transaction: {
      ...deps.transaction,
      autocommit: (work) => deps.transaction.autocommit((stores) => work({
        ...stores,
        jobs: {
          ...stores.jobs,
          claim: (limit, now, leaseMs, completed = []) => (calls.push(`claim ${completed.length}`), stores.jobs.claim(limit, now, leaseMs, completed)),
        },
      })),
    },
  };
  return { deps, counted, calls };
}
