import type { Contact, ContactIdentity } from '../../domain/contact.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ContactId } from '../../domain/ids.ts';
import type { Stores } from '../ports/transaction.ts';
import type { Viewer } from '../viewer.ts';

/** A contact with the messenger identities that point at it. */
export interface ContactDetails {
  readonly contact: Contact;
  readonly identities: readonly ContactIdentity[];
}

/** Adds their identities to contacts, in one query whatever their number. */
export async function detailsOf(stores: Stores, contacts: readonly Contact[]): Promise<ContactDetails[]> {
  const identities = await stores.contacts.identitiesOf(contacts.map((c) => c.id));
  return contacts.map((contact) => ({ contact, identities: identities.filter((i) => i.contactId === contact.id) }));
}

/** Throws forbidden unless the viewer may see the contact: supervisors and admins all, an agent those of chats it may see. */
export async function requireContactVisible(stores: Stores, viewer: Viewer, contactId: ContactId): Promise<void> {
  if (viewer.role !== 'agent') return;
  const visibleTo = viewer.agentId ? { agentId: viewer.agentId, queueIds: viewer.queueIds } : undefined;
  const [chat] = visibleTo ? await stores.chats.list({ contactId, visibleTo }, { after: undefined, limit: 1 }) : [];
  if (!chat) throw new DomainError('forbidden', 'CONTACT_NOT_VISIBLE', `contact ${contactId} has no chat in your queues`);
}
