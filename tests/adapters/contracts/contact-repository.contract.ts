import { expect, it } from 'vitest';
import { Contact } from '../../../domain/contact.ts';
import type { ContactId } from '../../../domain/ids.ts';
import { inTransaction, newContact, seedChannel, seedContact } from './fixtures.ts';
import type { OpenContractDb } from './harness.ts';

/** ContactRepository: one contact per (provider, channel, external id), even under concurrent first messages. */
export function contactRepositoryContract(open: OpenContractDb): void {
  it('creates a contact for a new identity, then finds it without creating another', () => createsThenFindsContact(open));
  it('keeps identities apart per channel and per external id', () => keepsIdentitiesApart(open));
  it('makes one contact of concurrent first messages from one sender', () => oneContactOfConcurrentFirsts(open));
  it('saves changes to a contact and reports unknown ids', () => savesContactChanges(open));
  it('saves a contact read outside a transaction, and leaves one removed meanwhile removed', () => savesDetachedContact(open));
  it('finds the contact of a known identity without creating one for an unknown', () => findsByIdentity(open));
}

async function createsThenFindsContact(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const key = { provider: channel.provider, channelId: channel.id, externalId: '42' };
  const first = await inTransaction(db, ({ contacts }) => contacts.findOrCreateByIdentity(key, () => newContact('42')));
  let created = 0;
  const again = await inTransaction(db, ({ contacts }) => contacts.findOrCreateByIdentity(key, () => (created++, newContact('42'))));
  expect(first.created).toBe(true);
  expect(again).toEqual({ contact: first.contact, created: false });
  expect(again.contact).toBeInstanceOf(Contact);
  expect(created).toBe(0);
  const identities = await inTransaction(db, ({ contacts }) => contacts.identitiesOf([first.contact.id]));
  expect(identities).toMatchObject([{ contactId: first.contact.id, provider: channel.provider, channelId: channel.id, externalId: '42' }]);
}

async function keepsIdentitiesApart(open: OpenContractDb): Promise<void> {
  const db = await open();
  const one = await seedChannel(db, { source: 'one' });
  const two = await seedChannel(db, { source: 'two' });
  const ids = new Set([
    (await seedContact(db, one, '42')).id, (await seedContact(db, two, '42')).id, (await seedContact(db, one, '43')).id,
  ]);
  expect(ids.size).toBe(3);
  expect(await db.count('contact')).toBe(3);
}

async function oneContactOfConcurrentFirsts(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const key = { provider: channel.provider, channelId: channel.id, externalId: 'race' };
  const results = await Promise.all(Array.from({ length: 5 }, () =>
    inTransaction(db, ({ contacts }) => contacts.findOrCreateByIdentity(key, () => newContact('race')))));
  expect(results.filter((r) => r.created)).toHaveLength(1);
  expect(new Set(results.map((r) => r.contact.id)).size).toBe(1);
  expect(await db.count('contact')).toBe(1);
  expect(await db.count('contact_identity')).toBe(1);
}

async function savesDetachedContact(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const [kept, removed] = [await seedContact(db, channel, '42'), await seedContact(db, channel, '43')];
  const [read, gone] = await db.transaction.read(async ({ contacts }) => [await contacts.get(kept.id), await contacts.get(removed.id)]);
  await inTransaction(db, async ({ contacts }) => { await contacts.moveIdentities(removed.id, kept.id); await contacts.remove(removed.id); });
  for (const contact of [read!, gone!]) contact.applyProfile({ firstName: 'Grace', username: 'grace' });
  await db.transaction.autocommit(async ({ contacts }) => { await contacts.save(read!); await contacts.save(gone!); });
  expect(await db.transaction.read(({ contacts }) => contacts.find(kept.id))).toMatchObject({ name: 'Grace', username: 'grace', hasFallbackName: false });
  expect(await db.transaction.read(({ contacts }) => contacts.find(removed.id))).toBeUndefined();
  expect(await db.count('contact')).toBe(1);
}

async function savesContactChanges(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const contact = await seedContact(db, channel, '42');
  await inTransaction(db, async ({ contacts }) => {
    const stored = await contacts.get(contact.id);
    stored.applyProfile({ firstName: 'Grace', lastName: 'Hopper', language: 'en' });
    await contacts.save(stored);
  });
  const found = await inTransaction(db, ({ contacts }) => contacts.find(contact.id));
  expect(found).toMatchObject({ name: 'Grace Hopper', firstName: 'Grace', language: 'en', hasFallbackName: false });
  await inTransaction(db, async ({ contacts }) => {
    expect(await contacts.find('42' as ContactId)).toBeUndefined();
    await expect(contacts.get(newContact('x').contact.id)).rejects.toMatchObject({ code: 'CONTACT_NOT_FOUND' });
    expect(await contacts.identitiesOf([])).toEqual([]);
  });
}

async function findsByIdentity(open: OpenContractDb): Promise<void> {
  const db = await open();
  const channel = await seedChannel(db);
  const contact = await seedContact(db, channel, '42');
  await inTransaction(db, async ({ contacts }) => {
    expect(await contacts.findByIdentity({ provider: channel.provider, channelId: channel.id, externalId: '42' })).toEqual(contact);
    expect(await contacts.findByIdentity({ provider: channel.provider, channelId: channel.id, externalId: '43' })).toBeUndefined();
    expect(await contacts.findByIdentity({ provider: 'other', channelId: channel.id, externalId: '42' })).toBeUndefined();
  });
  expect(await db.count('contact')).toBe(1);
}
