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

type StoreMakers = { readonly [K in keyof Stores]: (em: EntityManager, ids: Ids, clock: Clock) => Stores[K] };

const STORE_MAKERS: StoreMakers = {
  channels: createMikroOrmChannelRepository,
  contacts: createMikroOrmContactRepository,
  chats: createMikroOrmChatRepository,
  messages: createMikroOrmMessageRepository,
  agents: createMikroOrmAgentRepository,
  queues: createMikroOrmQueueRepository,
  jobs: createMikroOrmJobQueue,
};
const STORE_NAMES = Object.keys(STORE_MAKERS) as (keyof Stores)[];

/** The repositories of one unit of work, all on one transaction's EntityManager. */
export function storesFor(em: EntityManager, ids: Ids, clock: Clock): Stores {
  return Object.fromEntries(STORE_NAMES.map((name) => [name, STORE_MAKERS[name](em, ids, clock)])) as unknown as Stores;
}

/**
 * The stores of a read, each made (and the EntityManager under them forked) when first used: a page or
 * a token check touches one of seven, and making them all cost as much as mapping the page (bench/reads).
 */
function lazyStoresFor(orm: MikroORM, ids: Ids, clock: Clock): Stores {
  let em: EntityManager | undefined;
  const stores = {};
  for (const name of STORE_NAMES) {
    Object.defineProperty(stores, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        const store = STORE_MAKERS[name]((em ??= orm.em.fork() as EntityManager), ids, clock);
        Object.defineProperty(stores, name, { value: store, enumerable: true });
        return store;
      },
    });
  }
  return stores as Stores;
}

/** The Transaction port on PostgreSQL: each run is one database transaction on a fresh EntityManager. */
export function createMikroOrmTransaction(orm: MikroORM, options: MikroOrmTransactionOptions = {}): Transaction {
  const ids = options.ids ?? uuidIds;
  const clock = options.clock ?? systemClock;
  return {
    // A fork outside a transaction: each statement takes a pooled connection and commits on its own.
    read: (work) => work(lazyStoresFor(orm, ids, clock)),
    autocommit: (work) => work(lazyStoresFor(orm, ids, clock)),
    run: (work) => orm.em.fork().transactional(async (em) => {
      const result = await work(storesFor(em as EntityManager, ids, clock));
      // Every save has flushed already; forgetting the rest means only what was saved commits, as in memory.
      em.clear();
      return result;
    }),
  };
}
