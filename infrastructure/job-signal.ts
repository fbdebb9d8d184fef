import type { JobQueue } from '../application/ports/job-queue.ts';
import type { Transaction } from '../application/ports/transaction.ts';

/**
 * The transaction, telling `onJobsCommitted` after a unit of work that enqueued jobs has committed,
 * so the worker starts them at once, and units of work without jobs cost the worker nothing.
 */
export function signallingJobs(transaction: Transaction, onJobsCommitted: () => void): Transaction {
  return {
    // Reads enqueue nothing.
    read: (work) => transaction.read(work),
    // Claiming and settling jobs enqueue none.
    autocommit: (work) => transaction.autocommit(work),
    async run(work) {
      let enqueued = false;
      const result = await transaction.run((stores) => {
        const jobs: JobQueue = Object.create(stores.jobs) as JobQueue;
        jobs.enqueue = (job) => {
          enqueued = true;
          return stores.jobs.enqueue(job);
        };
        return work({ ...stores, jobs });
      });
      if (enqueued) onJobsCommitted();
      return result;
    },
  };
}
