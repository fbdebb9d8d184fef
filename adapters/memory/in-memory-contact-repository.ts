import type { ContactRepository, ContactSearch, IdentityKey } from '../../application/ports/contact-repository.ts';
import type { Keyset } from '../../application/ports/pagination.ts';
import { ContactIdentity, type Contact } from '../../domain/contact.ts';
import { notFound } from '../../domain/errors.ts';
import { copyOf, type MemoryState } from './memory-state.ts';

const keyOf = (key: IdentityKey) => JSON.stringify([key.provider, key.channelId, key.externalId]);

/** Contacts and identities in memory, held to the contact repository contract. */
export const createInMemoryContactRepository = (state: MemoryState): ContactRepository => ({
  async findOrCreateByIdentity(key, create) {
    const identity = state.identities.get(keyOf(key));
    if (identity) return { contact: copyOf(state.contacts.get(identity.contactId)!), created: false };
    const { contact, identityId } = create();
    state.contacts.set(contact.id, copyOf(contact));
    state.identities.set(keyOf(key), new ContactIdentity({ id: identityId, contactId: contact.id, ...key }));
    return { contact, created: true };
  },
  async findByIdentity(key) {
    const identity = state.identities.get(keyOf(key));
    const contact = identity && state.contacts.get(identity.contactId);
    return contact && copyOf(contact);
  },
  async find(id) {
    const contact = state.contacts.get(id);
    return contact && copyOf(contact);
  },
  async get(id) {
    const contact = await this.find(id);
    if (!contact) throw notFound('contact', id);
    return contact;
  },
  async identitiesOf(contactIds) {
    return [...state.identities.values()].filter((i) => contactIds.includes(i.contactId)).map(copyOf);
  },
  async save(contact) {
    // Contacts are created with their identity; one removed (merged away) meanwhile stays removed.
    if (state.contacts.has(contact.id)) state.contacts.set(contact.id, copyOf(contact));
  },
  async search(search, page) {
    return [...state.contacts.values()]
      .filter((contact) => found(state, contact, search) && isAfter(contact, page.after))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, page.limit)
      .map(copyOf);
  },
  // One transaction at a time runs in memory: reading is locking enough.
  async lock(ids) {
    return [...new Set(ids)].sort().flatMap((id) => (state.contacts.has(id) ? [copyOf(state.contacts.get(id)!)] : []));
  },
  async moveIdentities(fromContactId, toContactId) {
    const moving = [...state.identities.values()].filter((i) => i.contactId === fromContactId);
    for (const identity of moving) identity.contactId = toContactId;
    return moving.length;
  },
  async remove(id) {
    state.contacts.delete(id);
  },
  async recordMerge(merge) {
    state.contactMerges.set(merge.id, merge);
  },
  async mergesInto(targetContactId) {
    return [...state.contactMerges.values()].filter((m) => m.targetContactId === targetContactId)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
  },
});

function found(state: MemoryState, contact: Contact, search: ContactSearch): boolean {
  const query = search.query.toLowerCase();
  const identities = [...state.identities.values()].filter((i) => i.contactId === contact.id);
  const matches = contact.name.toLowerCase().includes(query) || identities.some((i) => i.externalId.toLowerCase().includes(query));
  const viewer = search.visibleTo;
  return matches && (!viewer || [...state.chats.values()].some((chat) =>
    chat.contactId === contact.id && (chat.agentId === viewer.agentId || viewer.queueIds.includes(chat.queueId))));
}

const isAfter = (contact: Contact, after: Keyset | undefined) =>
  !after || contact.createdAt < after.at || (contact.createdAt.getTime() === after.at.getTime() && contact.id < after.id);
