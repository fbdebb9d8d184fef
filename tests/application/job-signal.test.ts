import { describe, expect, it } from 'vitest';
import { signallingJobs } from '../../infrastructure/job-signal.ts';
import { createMemoryDeps } from '../support/memory-deps.ts';

describe('signallingJobs', () => {
  it('signals after a unit of work that enqueued jobs has committed, and only then', async () => {
    const deps = createMemoryDeps();
    const signals: number[] = [];
    const transaction = signallingJobs(deps.transaction, () => signals.push(deps.state.jobs.size));
    await transaction.run(async ({ channels }) => channels.list());
    expect(signals).toEqual([]);
    await transaction.run(({ jobs }) => jobs.enqueue({ kind: 'k', payload: {} }));
    expect(signals).toEqual([1]);
    await expect(transaction.run(async ({ jobs }) => {
      await jobs.enqueue({ kind: 'k', payload: {} });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(signals).toEqual([1]);
    expect(deps.state.jobs.size).toBe(1);
  });
});
