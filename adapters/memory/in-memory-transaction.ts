import type { Clock } from '../../application/ports/clock.ts';
import type { Ids } from '../../application/ports/ids.ts';
import type { Stores, Transaction } from '../../application/ports/transaction.ts';
import { createInMemoryAgentRepository } from './in-memory-agent-repository.ts';
import { createInMemoryChannelRepository } from './in-memory-channel-repository.ts';
import { createInMemoryChatRepository } from './in-memory-chat-repository.ts';
import { createInMemoryContactRepository } from './in-memory-contact-repository.ts';
import { createInMemoryJobQueue } from './in-memory-job-queue.ts';
import { createInMemoryMessageRepository } from './in-memory-message-repository.ts';
import { createInMemoryQueueRepository } from './in-memory-queue-repository.ts';
import { emptyMemoryState, restoreState, snapshotOf, type MemoryState } from './memory-state.ts';

/**
 * Transactions in memory: one at a time (a mutex, so interleaved awaits cannot race), and a
 * snapshot restored when the work throws, so a failed unit of work leaves nothing behind.
 */
export function createInMemoryTransaction(ids: Ids, clock: Clock, state: MemoryState = emptyMemoryState()): Transaction {
  const stores: Stores = {
    channels: createInMemoryChannelRepository(state),
    contacts: createInMemoryContactRepository(state),
    chats: createInMemoryChatRepository(state),
    messages: createInMemoryMessageRepository(state),
    agents: createInMemoryAgentRepository(state),
    queues: createInMemoryQueueRepository(state),
    jobs: createInMemoryJobQueue(state, ids, clock),
  };
  let tail: Promise<unknown> = Promise.resolve();
  return {
    // In memory a read waits its turn like any unit of work (the mutex is what keeps reads consistent here).
    read<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
      return this.run(work);
    },
    autocommit<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
      return this.run(work);
    },
    run<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
      const result = tail.then(async () => {
        const snapshot = snapshotOf(state);
        try {
          return await work(stores);
        } catch (error) {
          restoreState(state, snapshot);
          throw error;
        }
      });
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
