import { describe, expect, it } from 'vitest';
import { acceptChat } from '../../application/chats/accept-chat.ts';
import { getContact } from '../../application/contacts/get-contact.ts';
import { mergeContacts } from '../../application/contacts/merge-contacts.ts';
import { searchContacts } from '../../application/contacts/search-contacts.ts';
import { updateContact } from '../../application/contacts/update-contact.ts';
import { arrive, BOOTSTRAP, createRoutedDeps, seedAgent, seedQueue, stored } from './workplace-fixtures.ts';

async function setUp() {
  const deps = createRoutedDeps();
  const { queue, channel } = await seedQueue(deps, 'manual');
  const { queue: other, channel: otherChannel } = await seedQueue(deps, 'manual');
  const agent = await seedAgent(deps, { queues: [queue] });
  const supervisor = await seedAgent(deps, { name: 'Sue', role: 'supervisor' });
  return { deps, queue, other, channel, otherChannel, agent, supervisor };
}

describe('contacts: reading and correcting', () => {
  it('shows a contact with its identities to those who see one of its chats', async () => {
    const { deps, channel, otherChannel, agent } = await setUp();
    const mine = await arrive(deps, channel, 'alice');
    const hidden = await arrive(deps, otherChannel, 'mallory');
    expect(await getContact(deps, agent.viewer, { contactId: mine.contactId })).toMatchObject({
      contact: { name: 'New Contact Support bot-alice' }, identities: [{ provider: 'custom', channelId: channel.id, externalId: 'alice' }],
    });
    await expect(getContact(deps, agent.viewer, { contactId: hidden.contactId })).rejects.toMatchObject({ kind: 'forbidden', code: 'CONTACT_NOT_VISIBLE' });
    expect(await getContact(deps, BOOTSTRAP, { contactId: hidden.contactId })).toMatchObject({ contact: { id: hidden.contactId } });
    await expect(getContact(deps, BOOTSTRAP, { contactId: deps.ids.next() })).rejects.toMatchObject({ code: 'CONTACT_NOT_FOUND' });
  });

  it('searches by name or messenger id, an agent only among contacts it may see', async () => {
    const { deps, channel, otherChannel, agent } = await setUp();
    const alice = await arrive(deps, channel, 'alice-42');
    await arrive(deps, otherChannel, 'alice-99');
    await updateContact(deps, BOOTSTRAP, { contactId: alice.contactId, name: 'Alice Liddell' });
    expect((await searchContacts(deps, BOOTSTRAP, { query: 'ALICE' })).items).toHaveLength(2);
    expect((await searchContacts(deps, agent.viewer, { query: 'alice' })).items.map((d) => d.contact.id)).toEqual([alice.contactId]);
    expect((await searchContacts(deps, BOOTSTRAP, { query: 'liddell' })).items.map((d) => d.contact.id)).toEqual([alice.contactId]);
    const first = await searchContacts(deps, BOOTSTRAP, { query: '', limit: 1 });
    const second = await searchContacts(deps, BOOTSTRAP, { query: '', limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items]).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it('corrects names for those who see the contact', async () => {
    const { deps, channel, otherChannel, agent } = await setUp();
    const chat = await arrive(deps, channel, 'alice');
    const hidden = await arrive(deps, otherChannel, 'mallory');
    const updated = await updateContact(deps, agent.viewer, { contactId: chat.contactId, name: 'Alice', firstName: 'Alice', lastName: null });
    expect(updated.contact).toMatchObject({ name: 'Alice', firstName: 'Alice', lastName: null, hasFallbackName: false });
    await expect(updateContact(deps, agent.viewer, { contactId: hidden.contactId, name: 'X' })).rejects.toMatchObject({ code: 'CONTACT_NOT_VISIBLE' });
  });
});

describe('contacts.merge', () => {
  it('moves identities and chats to the survivor, removes the other and records the merge', async () => {
    const { deps, channel, otherChannel, supervisor } = await setUp();
    const target = await arrive(deps, channel, 'alice');
    const source = await arrive(deps, otherChannel, 'alice-fb');
    const merged = await mergeContacts(deps, supervisor.viewer, { targetContactId: target.contactId, sourceContactId: source.contactId });
    expect(merged.identities.map((i) => i.externalId).sort()).toEqual(['alice', 'alice-fb']);
    expect(await stored(deps, source)).toMatchObject({ contactId: target.contactId, status: 'new' });
    expect(deps.state.contacts.has(source.contactId)).toBe(false);
    expect(await deps.transaction.run(({ contacts }) => contacts.mergesInto(target.contactId))).toMatchObject([
      { sourceContactId: source.contactId, byAgentId: supervisor.agent.id, identitiesMoved: 1, chatsMoved: 1 },
    ]);
  });

  it('completes the merged contact\'s open chat where the survivor has one on the same channel', async () => {
    const { deps, channel, agent, supervisor } = await setUp();
    const target = await arrive(deps, channel, 'alice');
    const source = await arrive(deps, channel, 'alice-2');
    await acceptChat(deps, agent.viewer, { chatId: source.id });
    await mergeContacts(deps, supervisor.viewer, { targetContactId: target.contactId, sourceContactId: source.contactId });
    expect(await stored(deps, target)).toMatchObject({ status: 'new' });
    expect(await stored(deps, source)).toMatchObject({ status: 'completed', contactId: target.contactId });
    const transitions = await deps.transaction.run(({ chats }) => chats.transitionsOf(source.id));
    expect(transitions.at(-1)).toMatchObject({ kind: 'completed', comment: `contact merged into ${target.contactId}` });
  });

  it('is for supervisors and admins; merging into itself or an unknown contact fails and changes nothing', async () => {
    const { deps, channel, agent } = await setUp();
    const [a, b] = [await arrive(deps, channel, 'a'), await arrive(deps, channel, 'b')];
    await expect(mergeContacts(deps, agent.viewer, { targetContactId: a.contactId, sourceContactId: b.contactId })).rejects.toMatchObject({ kind: 'forbidden', code: 'SUPERVISOR_ONLY' });
    await expect(mergeContacts(deps, BOOTSTRAP, { targetContactId: a.contactId, sourceContactId: a.contactId })).rejects.toMatchObject({ kind: 'invalid', code: 'MERGE_INTO_ITSELF' });
    await expect(mergeContacts(deps, BOOTSTRAP, { targetContactId: a.contactId, sourceContactId: deps.ids.next() })).rejects.toMatchObject({ code: 'CONTACT_NOT_FOUND' });
    expect(deps.state.contacts.size).toBe(2);
  });
});
