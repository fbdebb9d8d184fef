import type { Deps } from '../deps.ts';
import { decodeCursor, pageSize, toPage } from '../pagination.ts';
import type { Page } from '../ports/pagination.ts';
import type { Viewer } from '../viewer.ts';
import { detailsOf, type ContactDetails } from './contact-details.ts';

export interface SearchContactsInput {
  readonly query: string;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/** Contacts whose name or messenger id contains `query` (any case; '' finds all), newest first; agents find those of chats they may see. */
export async function searchContacts(deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: SearchContactsInput): Promise<Page<ContactDetails>> {
  const limit = pageSize(input.limit);
  const after = decodeCursor(input.cursor);
  if (viewer.role === 'agent' && !viewer.agentId) return { items: [], nextCursor: null };
  const visibleTo = viewer.role === 'agent' && viewer.agentId ? { agentId: viewer.agentId, queueIds: viewer.queueIds } : undefined;
  return deps.transaction.run(async (stores) => {
    const rows = await stores.contacts.search({ query: input.query.trim(), visibleTo }, { after, limit: limit + 1 });
    const page = toPage(rows, limit, (contact) => ({ at: contact.createdAt, id: contact.id }));
    return { items: await detailsOf(stores, page.items), nextCursor: page.nextCursor };
  });
}
