import type { Contact, ContactIdentity } from '../../domain/contact.ts';
import type { ChannelId, ContactId, ContactIdentityId } from '../../domain/ids.ts';

/** How a messenger names a sender: unique per (provider, channel, external id). */
export interface IdentityKey {
  readonly provider: string;
  readonly channelId: ChannelId;
  readonly externalId: string;
}

/** People and the messenger identities that point at them. */
export interface ContactRepository {
  /**
   * The contact behind an identity, created with `create()` when the identity is new.
   * Concurrent calls for one new identity make one contact: the losers get the winner's.
   */
  findOrCreateByIdentity(key: IdentityKey, create: () => { contact: Contact; identityId: ContactIdentityId }): Promise<{ contact: Contact; created: boolean }>;
  /** The contact an identity points at, without creating one. */
  findByIdentity(key: IdentityKey): Promise<Contact | undefined>;
  find(id: ContactId): Promise<Contact | undefined>;
  /** Throws not_found. */
  get(id: ContactId): Promise<Contact>;
  identitiesOf(contactIds: readonly ContactId[]): Promise<ContactIdentity[]>;
  save(contact: Contact): Promise<void>;
}
