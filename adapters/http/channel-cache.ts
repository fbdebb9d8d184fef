import type { ChannelRepository } from '../../application/ports/channel-repository.ts';
import type { Stores, Transaction } from '../../application/ports/transaction.ts';
import type { Channel } from '../../domain/channel.ts';
import type { ChannelId } from '../../domain/ids.ts';

/** Channels as the webhook routes look them up, kept for a moment: every webhook names its channel. */
export interface ChannelCache {
  /** The channel (or its absence), read again once `ttlMs` old; concurrent misses share one read. */
  get(id: ChannelId): Promise<Channel | undefined>;
  /** Drops what is kept of a channel (it was just created or changed here). */
  forget(id: ChannelId): void;
}

interface Entry {
  readonly loaded: Promise<Channel | undefined>;
  readonly at: number;
}

/**
 * A per-instance cache in front of the channel repository. A change made through this instance is
 * seen at once (see `forgettingChannels`); one made through another instance within `ttlMs`.
 */
export function createChannelCache(load: (id: ChannelId) => Promise<Channel | undefined>, ttlMs: number, now = () => Date.now()): ChannelCache {
  const entries = new Map<ChannelId, Entry>();
  return {
    get(id) {
      const kept = entries.get(id);
      if (kept && now() - kept.at < ttlMs) return kept.loaded;
      const loaded = load(id);
      entries.set(id, { loaded, at: now() });
      // A failed read is not kept: the next webhook reads again.
      loaded.catch(() => { if (entries.get(id)?.loaded === loaded) entries.delete(id); });
      if (entries.size > 10_000) entries.delete(entries.keys().next().value!);
      return loaded;
    },
    forget(id) {
      entries.delete(id);
    },
  };
}

/**
 * The transaction, with the channels of its reads taken from `cache` (jobs and webhooks ask for the same
 * few channels all the time), and every channel saved through it forgotten there once the save committed.
 * Writes (`run`, `autocommit`) read channels from the database, as what they decide must be current.
 */
export function cachingChannels(transaction: Transaction, cache: ChannelCache): Transaction {
  return {
    ...transaction,
    read: (work) => transaction.read((stores) => work(withCachedChannels(stores, cache))),
    async run(work) {
      const saved: ChannelId[] = [];
      try {
        return await transaction.run((stores) => work({
          ...stores,
          channels: { ...stores.channels, save: (channel) => (saved.push(channel.id), stores.channels.save(channel)) },
        }));
      } finally {
        for (const id of saved) cache.forget(id);
      }
    },
  };
}

// A view over the stores, not a copy: a read's stores are made when first used (persistence/transaction.ts).
function withCachedChannels(stores: Stores, cache: ChannelCache): Stores {
  let channels: ChannelRepository | undefined;
  return Object.create(stores, {
    channels: {
      get: () => (channels ??= Object.assign(Object.create(stores.channels) as ChannelRepository, {
        find: (id: ChannelId) => cache.get(id),
        get: async (id: ChannelId) => (await cache.get(id)) ?? stores.channels.get(id),
      })),
    },
  }) as Stores;
}
