import type { ContactId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { Viewer } from '../viewer.ts';
import { detailsOf, requireContactVisible, type ContactDetails } from './contact-details.ts';

/** A contact the caller may see, with its identities. */
export async function getContact(deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: { readonly contactId: ContactId }): Promise<ContactDetails> {
  return deps.transaction.run(async (stores) => {
    const contact = await stores.contacts.get(input.contactId);
    await requireContactVisible(stores, viewer, contact.id);
    const [details] = await detailsOf(stores, [contact]);
    return details!;
  });
}
