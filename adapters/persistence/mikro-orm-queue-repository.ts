import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueueRepository } from '../../application/ports/queue-repository.ts';
import { notFound } from '../../domain/errors.ts';
import { Queue } from '../../domain/queue.ts';
import { isUuid, saveEntity } from './entity-writes.ts';
import { lockRows } from './row-locks.ts';

/** Queues in PostgreSQL, for one unit of work. */
export const createMikroOrmQueueRepository = (em: EntityManager): QueueRepository => ({
  async find(id) {
    return isUuid(id) ? ((await em.findOne(Queue, { id })) ?? undefined) : undefined;
  },
  async get(id) {
    const queue = await this.find(id);
    if (!queue) throw notFound('queue', id);
    return queue;
  },
  async list() {
    return em.find(Queue, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  },
  async save(queue) {
    await saveEntity(em, queue);
  },
  async lock(id) {
    const [queue] = await lockRows(em, Queue, 'queue', [id]);
    if (!queue) throw notFound('queue', id);
    return queue;
  },
  async lockToChange(id) {
    // FOR UPDATE: the one row lock that the FOR KEY SHARE of an arrival opening a chat here waits for.
    const [queue] = await lockRows(em, Queue, 'queue', [id], '', 'update');
    if (!queue) throw notFound('queue', id);
    return queue;
  },
});
