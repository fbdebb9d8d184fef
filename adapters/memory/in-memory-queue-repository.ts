import type { QueueRepository } from '../../application/ports/queue-repository.ts';
import { notFound } from '../../domain/errors.ts';
import { copyOf, type MemoryState } from './memory-state.ts';

/** Queues in memory, held to the queue repository contract. */
export const createInMemoryQueueRepository = (state: MemoryState): QueueRepository => ({
  async find(id) {
    const queue = state.queues.get(id);
    return queue && copyOf(queue);
  },
  async get(id) {
    const queue = await this.find(id);
    if (!queue) throw notFound('queue', id);
    return queue;
  },
  async list() {
    return [...state.queues.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(copyOf);
  },
  async save(queue) {
    state.queues.set(queue.id, copyOf(queue));
  },
  // One transaction at a time runs in memory: reading is locking enough.
  async lock(id) {
    return this.get(id);
  },
  async lockToChange(id) {
    return this.get(id);
  },
});
