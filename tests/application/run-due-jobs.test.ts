import { describe, expect, it } from 'vitest';
import type { JobHandler } from '../../application/jobs/job-handler.ts';
import { exponentialBackoff, runDueJobs, type JobPolicy } from '../../application/jobs/run-due-jobs.ts';
import type { JobRequest } from '../../application/ports/job-queue.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';

/** Retry n waits n seconds, so expected times are easy to read. */
const policy: JobPolicy = { batchSize: 10, leaseMs: 60_000, backoffMs: (attempt) => attempt * 1000 };

const enqueue = (deps: MemoryDeps, request: JobRequest) => deps.transaction.run(({ jobs }) => jobs.enqueue(request));
const onlyJob = (deps: MemoryDeps) => [...deps.state.jobs.values()][0];

/** Handlers that end each attempt as their name says; `done` records the payloads that succeeded. */
function handlersFor(done: unknown[] = []): Record<string, JobHandler> {
  return {
    succeed: async (_deps, payload) => { done.push(payload); },
    throw: async () => { throw new Error('messenger timed out'); },
    slowDown: async () => ({ kind: 'retry', reason: 'rate limited', afterMs: 30_000 }),
    giveUp: async () => ({ kind: 'give_up', reason: 'file is gone' }),
  };
}

describe('runDueJobs', () => {
  it('runs a due job and completes it', async () => {
    const deps = createMemoryDeps();
    const done: unknown[] = [];
    await enqueue(deps, { kind: 'succeed', payload: { n: 1 } });
    expect(await runDueJobs(deps, handlersFor(done), policy)).toBe(1);
    expect(done).toEqual([{ n: 1 }]);
    expect(await deps.transaction.run(({ jobs }) => jobs.countPending())).toBe(0);
    expect(await runDueJobs(deps, handlersFor(done), policy)).toBe(0);
  });

  it('leaves jobs that are not yet due, and takes at most a batch', async () => {
    const deps = createMemoryDeps();
    await enqueue(deps, { kind: 'succeed', payload: {}, runAt: new Date(deps.clock.now().getTime() + 5000) });
    for (let i = 0; i < 3; i += 1) await enqueue(deps, { kind: 'succeed', payload: { i } });
    const small = { ...policy, batchSize: 2 };
    expect([await runDueJobs(deps, handlersFor(), small), await runDueJobs(deps, handlersFor(), small)]).toEqual([2, 1]);
    deps.clock.advance(5000);
    expect(await runDueJobs(deps, handlersFor(), small)).toBe(1);
  });

  it('retries a job that threw after the back-off for its attempt, remembering the error', async () => {
    const deps = createMemoryDeps();
    await enqueue(deps, { kind: 'throw', payload: {} });
    const start = deps.clock.now().getTime();
    await runDueJobs(deps, handlersFor(), policy);
    expect(onlyJob(deps)).toMatchObject({ state: 'pending', attempts: 1, runAt: new Date(start + 1000), lastError: 'messenger timed out' });
    deps.clock.advance(999);
    expect(await runDueJobs(deps, handlersFor(), policy)).toBe(0);
    deps.clock.advance(1);
    expect(await runDueJobs(deps, handlersFor(), policy)).toBe(1);
    expect(onlyJob(deps)).toMatchObject({ attempts: 2, runAt: new Date(start + 1000 + 2000) });
  });

  it("honours the retry delay a job asks for over the policy's back-off", async () => {
    const deps = createMemoryDeps();
    await enqueue(deps, { kind: 'slowDown', payload: {} });
    await runDueJobs(deps, handlersFor(), policy);
    expect(onlyJob(deps)).toMatchObject({ state: 'pending', runAt: new Date(deps.clock.now().getTime() + 30_000), lastError: 'rate limited' });
  });

  it('fails a job that gives up, for good, with its reason', async () => {
    const deps = createMemoryDeps();
    await enqueue(deps, { kind: 'giveUp', payload: {} });
    await runDueJobs(deps, handlersFor(), policy);
    expect(onlyJob(deps)).toMatchObject({ state: 'failed', lastError: 'file is gone' });
    deps.clock.advance(3_600_000);
    expect(await runDueJobs(deps, handlersFor(), policy)).toBe(0);
  });

  it('fails a job whose last allowed attempt also went wrong', async () => {
    const deps = createMemoryDeps();
    await enqueue(deps, { kind: 'throw', payload: {}, maxAttempts: 2 });
    await runDueJobs(deps, handlersFor(), policy);
    deps.clock.advance(1000);
    await runDueJobs(deps, handlersFor(), policy);
    expect(onlyJob(deps)).toMatchObject({ state: 'failed', attempts: 2, lastError: 'messenger timed out' });
    expect(await deps.transaction.run(({ jobs }) => jobs.countPending())).toBe(0);
  });

  it('fails a job of a kind nobody handles', async () => {
    const deps = createMemoryDeps();
    await enqueue(deps, { kind: 'renamed.kind', payload: {} });
    await runDueJobs(deps, handlersFor(), policy);
    expect(onlyJob(deps)).toMatchObject({ state: 'failed', lastError: 'no handler for job kind renamed.kind' });
  });
});

describe('exponentialBackoff', () => {
  it('doubles from about a second, within ±25 % jitter, capped near an hour', () => {
    for (const [attempt, base] of [[1, 1000], [2, 2000], [5, 16_000], [13, 3_600_000], [40, 3_600_000]] as const) {
      const delay = exponentialBackoff(attempt);
      expect(delay, `attempt ${attempt}`).toBeGreaterThanOrEqual(base * 0.75);
      expect(delay, `attempt ${attempt}`).toBeLessThanOrEqual(base * 1.25);
    }
  });
});
