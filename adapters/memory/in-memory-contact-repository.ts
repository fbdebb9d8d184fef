import type { ContactRepository, IdentityKey } from '../../application/ports/contact-repository.ts';
import { ContactIdentity } from '../../domain/contact.ts';
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
    state.contacts.set(contact.id, copyOf(contact));
  },
});
