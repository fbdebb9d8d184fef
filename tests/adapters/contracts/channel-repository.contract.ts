import { expect, it } from 'vitest';
import { Channel } from '../../../domain/channel.ts';
import type { ChannelId } from '../../../domain/ids.ts';
import { aChannel, aQueue, inTransaction, seedChannel } from './fixtures.ts';
import type { OpenContractDb } from './harness.ts';

/** ChannelRepository: storage, lookup by source, and one active channel per (provider, source). */
export function channelRepositoryContract(open: OpenContractDb): void {
  it('stores a channel and gives it back as a Channel, settings included', () => storesAChannel(open));
  it('finds nothing for an unknown or malformed id, and get throws CHANNEL_NOT_FOUND', () => reportsUnknownChannels(open));
  it('finds the active channel of a provider by its source', () => findsActiveChannelBySource(open));
  it('updates a channel loaded in another transaction, and lists channels oldest first', () => updatesAndListsChannels(open));
  it('refuses a second active channel with the same provider and source (CHANNEL_SOURCE_TAKEN)', () => refusesATakenSource(open));
  it('lets a source be reused once its channel is inactive, and an inactive twin be stored', () => reusesSourcesOfInactiveChannels(open));
  it('makes one of two concurrent creations with the same source win', () => oneOfConcurrentTwinsWins(open));
}

async function storesAChannel(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const found = await inTransaction(db, ({ channels }) => channels.find(channel.id));
  expect(found).toBeInstanceOf(Channel);
  expect(found).toEqual(channel);
  // Outside a transaction (a webhook's or a job's read) the row is mapped by hand on PostgreSQL: the same Channel.
  channel.recordConnection({ ok: false, detail: 'token revoked' }, new Date('2025-02-01T10:00:00Z'));
  await inTransaction(db, ({ channels }) => channels.save(channel));
  const read = await db.transaction.read(({ channels }) => channels.find(channel.id));
  expect(read).toBeInstanceOf(Channel);
  expect(read).toEqual(channel);
  expect(await db.transaction.read(({ channels }) => channels.find(aChannel(aQueue().id).id))).toBeUndefined();
}

async function reportsUnknownChannels(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, async ({ channels }) => {
    expect(await channels.find('not-a-uuid' as ChannelId)).toBeUndefined();
    expect(await channels.find(aChannel(aQueue().id).id)).toBeUndefined();
    await expect(channels.get('ch-1' as ChannelId)).rejects.toMatchObject({ kind: 'not_found', code: 'CHANNEL_NOT_FOUND' });
  });
}

async function findsActiveChannelBySource(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db, { provider: 'facebook', source: 'page-1' });
  await inTransaction(db, async ({ channels }) => {
    expect((await channels.findActiveBySource('facebook', 'page-1'))?.id).toBe(channel.id);
    expect(await channels.findActiveBySource('whatsapp', 'page-1')).toBeUndefined();
    expect(await channels.findActiveBySource('facebook', 'page-2')).toBeUndefined();
  });
}

async function updatesAndListsChannels(open: OpenContractDb): Promise<void> {
  const db = await open();
  const first = await seedChannel(db, { source: 'a' });
  const second = await seedChannel(db, { source: 'b' });
  const loaded = await inTransaction(db, ({ channels }) => channels.get(first.id));
  loaded.name = 'Renamed';
  loaded.settings = { botToken: 'new-token' };
  loaded.deactivate();
  await inTransaction(db, ({ channels }) => channels.save(loaded));
  const listed = await inTransaction(db, ({ channels }) => channels.list());
  expect(listed.map((c) => c.id)).toEqual([first.id, second.id].sort());
  expect(listed.find((c) => c.id === first.id)).toMatchObject({ name: 'Renamed', isActive: false, settings: { botToken: 'new-token' } });
  expect(await inTransaction(db, ({ channels }) => channels.findActiveBySource('telegram', 'a'))).toBeUndefined();
}

async function refusesATakenSource(open: OpenContractDb): Promise<void> {
  const db = await open();
  const first = await seedChannel(db, { source: 'bot-7' });
  const twin = aChannel(first.queueId, { source: 'bot-7' });
  await expect(inTransaction(db, ({ channels }) => channels.save(twin))).rejects.toMatchObject({ kind: 'conflict', code: 'CHANNEL_SOURCE_TAKEN' });
  expect(await inTransaction(db, ({ channels }) => channels.find(twin.id))).toBeUndefined();
}

async function reusesSourcesOfInactiveChannels(open: OpenContractDb): Promise<void> {
  const db = await open();
  const first = await seedChannel(db, { source: 'bot-8' });
  await inTransaction(db, async ({ channels }) => {
    const stored = await channels.get(first.id);
    stored.deactivate();
    await channels.save(stored);
    await channels.save(aChannel(first.queueId, { source: 'bot-8' }));
  });
  const inactiveTwin = aChannel(first.queueId, { source: 'bot-8' });
  inactiveTwin.deactivate();
  await inTransaction(db, ({ channels }) => channels.save(inactiveTwin));
  expect(await inTransaction(db, ({ channels }) => channels.list())).toHaveLength(3);
}

async function oneOfConcurrentTwinsWins(open: OpenContractDb): Promise<void> {
  const db = await open();
  const first = await seedChannel(db, { source: 'other' });
  const twins = [aChannel(first.queueId, { source: 'bot-9' }), aChannel(first.queueId, { source: 'bot-9' })];
  const results = await Promise.allSettled(twins.map((twin) => inTransaction(db, ({ channels }) => channels.save(twin))));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CHANNEL_SOURCE_TAKEN' } });
}
