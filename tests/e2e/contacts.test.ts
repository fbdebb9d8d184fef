import { describe, expect, it } from 'vitest';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { dataOf } from './requests.ts';
import { openWorkplace, type ChatView, type Page } from './workplace.ts';

interface ContactView {
  id: string; name: string; firstName: string | null; lastName: string | null; avatarFileId: string | null;
  identities: { provider: string; channelId: string; externalId: string }[];
}
const CONTACT_KEYS = ['id', 'name', 'firstName', 'lastName', 'avatarFileId', 'identities'];

// contacts.get / search / update / merge over HTTP.
describe.each(availableTestDatabaseKinds())('contacts API on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp() {
    const place = await openWorkplace(db);
    const queue = await place.createQueue('manual');
    const channel = await place.channelInto(queue.id);
    return { place, queue, channel };
  }

  it('shows a contact in DESIGN\'s shape and corrects its names', async () => {
    const { place, channel } = await setUp();
    const chat = await channel.post('tg-777');
    const contact = dataOf<ContactView>(await place.admin.query('contacts.get', { contactId: chat.contactId }));
    for (const key of CONTACT_KEYS) expect(contact).toHaveProperty(key);
    expect(contact).toMatchObject({ id: chat.contactId, avatarFileId: null, identities: [{ provider: 'custom', channelId: channel.channelId, externalId: 'tg-777' }] });
    const updated = dataOf<ContactView>(await place.admin.mutation('contacts.update', { contactId: chat.contactId, name: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper' }));
    expect(updated).toMatchObject({ name: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper' });
    expect(dataOf<ContactView>(await place.admin.mutation('contacts.update', { contactId: chat.contactId, lastName: null })).lastName).toBeNull();
    expect((await place.admin.mutation('contacts.update', { contactId: chat.contactId, name: '  ' })).code).toBe('BAD_REQUEST');
    expect((await place.admin.query('contacts.get', { contactId: '0190a0a0-0000-7000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  it('searches names and messenger ids in any case, page by page', async () => {
    const { place, channel } = await setUp();
    for (const sender of ['Alpha-1', 'alpha-2', 'beta-3']) await channel.post(sender);
    const ids = async (query: string) => dataOf<Page<ContactView>>(await place.admin.query('contacts.search', { query })).items.map((c) => c.identities[0]?.externalId);
    expect((await ids('ALPHA')).sort()).toEqual(['Alpha-1', 'alpha-2']);
    expect(await ids('beta-3')).toEqual(['beta-3']);
    expect(await ids('50%_off')).toEqual([]);
    const first = dataOf<Page<ContactView>>(await place.admin.query('contacts.search', { query: '', limit: 2 }));
    const rest = dataOf<Page<ContactView>>(await place.admin.query('contacts.search', { query: '', limit: 2, cursor: first.nextCursor }));
    expect(new Set([...first.items, ...rest.items].map((c) => c.id)).size).toBe(3);
    expect(rest.nextCursor).toBeNull();
  });

  it('merges one contact into another: identities and chats move, history continues, the merged one is gone', async () => {
    const { place, queue, channel } = await setUp();
    const other = await place.channelInto(queue.id);
    const kept = await channel.post('alice', 'on the bot');
    const folded = await other.post('alice-fb', 'on another channel');
    const sue = await place.createAgent({ role: 'supervisor' });
    const merged = dataOf<ContactView>(await sue.session.mutation('contacts.merge', { targetContactId: kept.contactId, sourceContactId: folded.contactId }));
    expect(merged.identities.map((i) => i.externalId).sort()).toEqual(['alice', 'alice-fb']);
    const history = dataOf<Page<{ text: string }>>(await place.admin.query('chats.history', { contactId: kept.contactId }));
    expect(history.items.map((m) => m.text).sort()).toEqual(['on another channel', 'on the bot']);
    expect(dataOf<ChatView>(await place.admin.query('chats.get', { chatId: folded.id })).contactId).toBe(kept.contactId);
    expect((await place.admin.query('contacts.get', { contactId: folded.contactId })).code).toBe('NOT_FOUND');
    expect((await place.admin.mutation('contacts.merge', { targetContactId: kept.contactId, sourceContactId: kept.contactId })).code).toBe('BAD_REQUEST');
    const next = await other.post('alice-fb', 'again');
    expect(next).toMatchObject({ id: folded.id, contactId: kept.contactId });
  });

  it('merges two contacts merging into each other at once without losing either\'s chats', async () => {
    const { place, channel } = await setUp();
    const [a, b] = [await channel.post('one'), await channel.post('two')];
    const answers = await Promise.all([
      place.admin.mutation('contacts.merge', { targetContactId: a.contactId, sourceContactId: b.contactId }),
      place.admin.mutation('contacts.merge', { targetContactId: b.contactId, sourceContactId: a.contactId }),
    ]);
    expect(answers.map((x) => x.code ?? 'OK').sort()).toEqual(['NOT_FOUND', 'OK']);
    const survivor = answers.find((x) => x.status === 200)!.data as ContactView;
    expect(survivor.identities.map((i) => i.externalId).sort()).toEqual(['one', 'two']);
    const chats = dataOf<Page<ChatView>>(await place.admin.query('chats.list', { contactId: survivor.id })).items;
    expect(chats.map((c) => c.status).sort()).toEqual(['completed', 'new']);
    expect(place.loggedErrors).toEqual([]);
  });
});
