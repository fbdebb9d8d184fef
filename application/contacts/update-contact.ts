import { editContact, type ContactChanges } from '../../domain/contact-changes.ts';
import { notFound } from '../../domain/errors.ts';
import type { ContactId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { Viewer } from '../viewer.ts';
import { detailsOf, requireContactVisible, type ContactDetails } from './contact-details.ts';

export interface UpdateContactInput extends ContactChanges {
  readonly contactId: ContactId;
}

/** Corrects a contact's names, for anyone who may see it; a name set here is kept when the messenger's profile says otherwise. */
export async function updateContact(deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: UpdateContactInput): Promise<ContactDetails> {
  return deps.transaction.run(async (stores) => {
    const [contact] = await stores.contacts.lock([input.contactId]);
    if (!contact) throw notFound('contact', input.contactId);
    await requireContactVisible(stores, viewer, contact.id);
    editContact(contact, input);
    await stores.contacts.save(contact);
    const [details] = await detailsOf(stores, [contact]);
    return details!;
  });
}
