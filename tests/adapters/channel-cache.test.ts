import { describe, expect, it } from 'vitest';
import { cachingChannels, createChannelCache } from '../../adapters/http/channel-cache.ts';
import { createInMemoryTransaction } from '../../adapters/memory/in-memory-transaction.ts';
import { emptyMemoryState } from '../../adapters/memory/memory-state.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { Channel } from '../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../domain/ids.ts';

const aChannel = (id: string) => new Channel({
  id: id as ChannelId, name: 'Bot', provider: 'custom', source: `bot-${id}`, queueId: uuidIds.next<QueueId>(), settings: { secret: 's' }, createdAt: new Date(),
});

function counted(found: (id: ChannelId) => Channel | undefined | Error) {
  const reads: ChannelId[] = [];
  const load = async (id: ChannelId) => {
    reads.push(id);
    const result = found(id);
    if (result instanceof Error) throw result;
    return result;
  };
  return { reads, load };
}

describe('channel cache of the webhook routes', () => {
  it('reads a channel once while fresh, concurrent misses included, and again once stale', async () => {
    let now = 0;
    const channel = aChannel('c1');
    const { reads, load } = counted(() => channel);
    const cache = createChannelCache(load, 1000, () => now);
    expect(await Promise.all([cache.get(channel.id), cache.get(channel.id), cache.get(channel.id)])).toEqual([channel, channel, channel]);
    now = 999;
    await cache.get(channel.id);
    expect(reads).toHaveLength(1);
    now = 1000;
    await cache.get(channel.id);
    expect(reads).toHaveLength(2);
  });

  it('keeps an unknown channel as unknown for a moment, and reads again after forget', async () => {
    let known: Channel | undefined;
    const { reads, load } = counted(() => known);
    const cache = createChannelCache(load, 60_000);
    expect(await cache.get('c2' as ChannelId)).toBeUndefined();
    known = aChannel('c2');
    expect(await cache.get('c2' as ChannelId)).toBeUndefined();
    cache.forget('c2' as ChannelId);
    expect(await cache.get('c2' as ChannelId)).toBe(known);
    expect(reads).toHaveLength(2);
  });

  it('does not keep a failed read', async () => {
    let failing = true;
    const channel = aChannel('c3');
    const { load } = counted(() => (failing ? new Error('database down') : channel));
    const cache = createChannelCache(load, 60_000);
    await expect(cache.get(channel.id)).rejects.toThrow('database down');
    failing = false;
    expect(await cache.get(channel.id)).toBe(channel);
  });

  it('forgets a channel saved through the wrapped transaction once that transaction is over', async () => {
    const transaction = createInMemoryTransaction(uuidIds, { now: () => new Date() }, emptyMemoryState());
    const channel = aChannel(uuidIds.next());
    const cache = createChannelCache((id) => transaction.read(({ channels }) => channels.find(id)), 60_000);
    const forgetting = cachingChannels(transaction, cache);
    expect(await cache.get(channel.id)).toBeUndefined();
    await forgetting.run(({ channels }) => channels.save(channel));
    expect(await cache.get(channel.id)).toMatchObject({ id: channel.id, name: 'Bot' });
    channel.name = 'Renamed';
    await forgetting.run(({ channels }) => channels.save(channel));
    expect(await cache.get(channel.id)).toMatchObject({ name: 'Renamed' });
  });

  it("serves the channels of the wrapped transaction's reads from the cache, and its writes' from the database", async () => {
    const state = emptyMemoryState();
    const transaction = createInMemoryTransaction(uuidIds, { now: () => new Date() }, state);
    const channel = aChannel(uuidIds.next());
    await transaction.run(({ channels }) => channels.save(channel));
    const { load, reads } = counted((id) => state.channels.get(id));
    const caching = cachingChannels(transaction, createChannelCache(load, 60_000));
    const kept = await caching.read(({ channels }) => channels.get(channel.id));
    expect(kept).toMatchObject({ id: channel.id, name: 'Bot' });
    expect(await caching.read(({ channels }) => channels.find(channel.id))).toBe(kept);
    expect(reads).toEqual([channel.id]);
    expect(await caching.read(({ channels }) => channels.list())).toHaveLength(1);
    const missing = uuidIds.next<ChannelId>();
    await expect(caching.read(({ channels }) => channels.get(missing))).rejects.toMatchObject({ kind: 'not_found' });
    expect(await caching.run(({ channels }) => channels.get(channel.id))).not.toBe(kept);
    expect(await caching.autocommit(({ channels }) => channels.get(channel.id))).not.toBe(kept);
    expect(reads).toEqual([channel.id, missing]);
  });
});
