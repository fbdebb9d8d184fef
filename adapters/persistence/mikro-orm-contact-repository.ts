import type { QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ContactRepository, IdentityKey } from '../../application/ports/contact-repository.ts';
import { Contact, ContactIdentity } from '../../domain/contact.ts';
import { notFound } from '../../domain/errors.ts';
import { isManaged, isUuid, saveEntity } from './entity-writes.ts';
import { contactMergeMethods } from './mikro-orm-contact-merges.ts';
import { CONTACT_COLUMNS, contactOf as contactOfRow, runStatement } from './read-rows.ts';

/** Contacts and their messenger identities in PostgreSQL, for one unit of work. */
export const createMikroOrmContactRepository = (em: EntityManager): ContactRepository => ({
  ...contactMergeMethods(em),
  async findOrCreateByIdentity(key, create) {
    const known = await contactOf(em, key);
    if (known) return { contact: known, created: false };
    const { contact, identityId } = create();
    // The identity's unique key decides the race: a concurrent insert waits for the winner to commit, then
    // does nothing; the contact comes after its identity (the foreign key is checked at commit).
    const inserted = await em.execute<QueryResult>(
      `insert into contact_identity (id, contact_id, provider, channel_id, external_id) values (?, ?, ?, ?, ?)
       on conflict (provider, channel_id, external_id) do nothing`,
      [identityId, contact.id, key.provider, key.channelId, key.externalId], 'run');
    if (inserted.affectedRows === 1) {
      em.persist(contact);
      await em.flush();
      return { contact, created: true };
    }
    const winner = await contactOf(em, key);
    if (!winner) throw new Error(`identity ${key.provider}/${key.externalId} conflicted but cannot be read`);
    return { contact: winner, created: false };
  },
  async findByIdentity(key) {
    return contactOf(em, key);
  },
  async find(id) {
    if (!isUuid(id)) return undefined;
    // As channels: mapped by hand outside a transaction (saved later, if at all, as a detached contact).
    if (!em.getTransactionContext()) return (await runStatement(em, CONTACT_BY_ID, [id])).map(contactOfRow(em))[0];
    return (await em.findOne(Contact, { id })) ?? undefined;
  },
  async get(id) {
    const contact = await this.find(id);
    if (!contact) throw notFound('contact', id);
    return contact;
  },
  async identitiesOf(contactIds) {
    const ids = contactIds.filter(isUuid);
    if (ids.length === 0) return [];
    return em.find(ContactIdentity, { contactId: { $in: ids } }, { orderBy: { id: 'asc' } });
  },
  async save(contact) {
    if (isManaged(em, contact)) return saveEntity(em, contact);
    // A contact read elsewhere (another unit of work, or outside a transaction): its fields written in one
    // statement; one merged away meanwhile stays gone rather than coming back without identities or chats.
    await runStatement(em, UPDATE_CONTACT, [
      contact.name, contact.firstName, contact.lastName, contact.username, contact.language, contact.avatarFileId, contact.hasFallbackName, contact.id]);
  },
});

const CONTACT_BY_ID = `select ${CONTACT_COLUMNS} from contact where id = ?`;
const UPDATE_CONTACT = `update contact set name = ?, first_name = ?, last_name = ?, username = ?, language = ?, avatar_file_id = ?,
  has_fallback_name = ? where id = ?`;

/** The contact an identity points at, in one query. */
async function contactOf(em: EntityManager, key: IdentityKey): Promise<Contact | undefined> {
  if (!isUuid(key.channelId)) return undefined;
  const found = await em.createQueryBuilder(Contact, 'c')
    .where('c.id = (select contact_id from contact_identity where provider = ? and channel_id = ? and external_id = ?)',
      [key.provider, key.channelId, key.externalId])
    .getSingleResult();
  return found ?? undefined;
}
