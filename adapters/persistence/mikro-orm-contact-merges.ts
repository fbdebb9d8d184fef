import type { QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ContactRepository, ContactSearch } from '../../application/ports/contact-repository.ts';
import { Contact } from '../../domain/contact.ts';
import { ContactMerge } from '../../domain/contact-merge.ts';
import { isUuid } from './entity-writes.ts';
import { afterKeyset, isValidPage } from './keyset.ts';
import { lockRows } from './row-locks.ts';

type MergeMethods = Pick<ContactRepository, 'search' | 'lock' | 'moveIdentities' | 'remove' | 'recordMerge' | 'mergesInto'>;

/** The contact repository's part for finding and merging contacts, for one unit of work. */
export const contactMergeMethods = (em: EntityManager): MergeMethods => ({
  async search(search, page) {
    if (!isValidPage(page)) return [];
    const [where, params] = searchCondition(search);
    const qb = em.createQueryBuilder(Contact, 'c').where(where, params);
    return afterKeyset(qb, 'c', 'created_at', page).orderBy({ createdAt: 'desc', id: 'desc' }).getResultList();
  },
  async lock(ids) {
    return lockRows(em, Contact, 'contact', ids);
  },
  async moveIdentities(fromContactId, toContactId) {
    if (!isUuid(fromContactId) || !isUuid(toContactId)) return 0;
    const result = await em.execute<QueryResult>('update contact_identity set contact_id = ? where contact_id = ?', [toContactId, fromContactId], 'run');
    return result.affectedRows;
  },
  async remove(id) {
    if (isUuid(id)) await em.execute('delete from contact where id = ?', [id]);
  },
  async recordMerge(merge) {
    await em.insert(ContactMerge, merge);
  },
  async mergesInto(targetContactId) {
    return isUuid(targetContactId) ? em.find(ContactMerge, { targetContactId }, { orderBy: { at: 'asc', id: 'asc' } }) : [];
  },
});

/** `query` anywhere in the name or an identity's external id, case-insensitive; for an agent, only contacts of chats it sees. */
function searchCondition(search: ContactSearch): [string, unknown[]] {
  const pattern = `%${search.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let where = `(c.name ilike ? or exists (select 1 from contact_identity i where i.contact_id = c.id and i.external_id ilike ?))`;
  const params: unknown[] = [pattern, pattern];
  const viewer = search.visibleTo;
  if (viewer) {
    const queueIds = viewer.queueIds.filter(isUuid);
    const inQueues = queueIds.length > 0 ? ` or ch.queue_id in (${queueIds.map(() => '?').join(', ')})` : '';
    where += ` and exists (select 1 from chat ch where ch.contact_id = c.id and (ch.agent_id = ?${inQueues}))`;
    params.push(isUuid(viewer.agentId) ? viewer.agentId : null, ...queueIds);
  }
  return [where, params];
}
