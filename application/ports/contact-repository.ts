import type { Contact, ContactIdentity } from '../../domain/contact.ts';
import type { ContactMerge } from '../../domain/contact-merge.ts';
import type { AgentId, ChannelId, ContactId, ContactIdentityId, QueueId } from '../../domain/ids.ts';
import type { PageRequest } from './pagination.ts';

/** How a messenger names a sender: unique per (provider, channel, external id). */
export interface IdentityKey {
  readonly provider: string;
  readonly channelId: ChannelId;
  readonly externalId: string;
}

/** Which contacts a search finds: `query` in the name or an identity's external id (case-insensitive, '' finds all). */
export interface ContactSearch {
  readonly query: string;
  /** Limits an agent to contacts with a chat in its queues or assigned to it. */
  readonly visibleTo?: { readonly agentId: AgentId; readonly queueIds: readonly QueueId[] } | undefined;
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
  /** Newest first (createdAt, then id). */
  search(search: ContactSearch, page: PageRequest): Promise<Contact[]>;
  /** The contacts, locked until the transaction ends (in id order), so two merges of one contact run one after the other. */
  lock(ids: readonly ContactId[]): Promise<Contact[]>;
  /** Points every identity of one contact at another; returns how many moved. */
  moveIdentities(fromContactId: ContactId, toContactId: ContactId): Promise<number>;
  /** Removes a contact that nothing points at any more (merged away). */
  remove(id: ContactId): Promise<void>;
  recordMerge(merge: ContactMerge): Promise<void>;
  /** The merges a contact survived, oldest first. */
  mergesInto(targetContactId: ContactId): Promise<ContactMerge[]>;
}
