import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../application/ports/clock.ts';
import type { Ids } from '../../application/ports/ids.ts';
import type { Stores, Transaction } from '../../application/ports/transaction.ts';
import { systemClock } from '../system/system-clock.ts';
import { uuidIds } from '../system/uuid-ids.ts';
import { createMikroOrmAgentRepository } from './mikro-orm-agent-repository.ts';
import { createMikroOrmChannelRepository } from './mikro-orm-channel-repository.ts';
import { createMikroOrmChatRepository } from './mikro-orm-chat-repository.ts';
import { createMikroOrmContactRepository } from './mikro-orm-contact-repository.ts';
import { createMikroOrmJobQueue } from './mikro-orm-job-queue.ts';
import { createMikroOrmMessageRepository } from './mikro-orm-message-repository.ts';
import { createMikroOrmQueueRepository } from './mikro-orm-queue-repository.ts';

/** What the MikroORM stores need besides the database: job ids and the time jobs are due by default. */
export interface MikroOrmTransactionOptions {
  readonly ids?: Ids | undefined;
  readonly clock?: Clock | undefined;
}

/** The repositories of one unit of work, all on one transaction's EntityManager. */
export function storesFor(em: EntityManager, ids: Ids, clock: Clock): Stores {
  return {
    channels: createMikroOrmChannelRepository(em),
    contacts: createMikroOrmContactRepository(em),
    chats: createMikroOrmChatRepository(em),
    messages: createMikroOrmMessageRepository(em),
    agents: createMikroOrmAgentRepository(em),
    queues: createMikroOrmQueueRepository(em),
    jobs: createMikroOrmJobQueue(em, ids, clock),
  };
}

/** The Transaction port on PostgreSQL: each run is one database transaction on a fresh EntityManager. */
export function createMikroOrmTransaction(orm: MikroORM, options: MikroOrmTransactionOptions = {}): Transaction {
  const ids = options.ids ?? uuidIds;
  const clock = options.clock ?? systemClock;
  return {
    // A fork outside a transaction: each statement takes a pooled connection and commits on its own.
    read: (work) => work(storesFor(orm.em.fork() as EntityManager, ids, clock)),
    run: (work) => orm.em.fork().transactional(async (em) => {
      const result = await work(storesFor(em as EntityManager, ids, clock));
      // Every save has flushed already; forgetting the rest means only what was saved commits, as in memory.
      em.clear();
      return result;
    }),
  };
}
