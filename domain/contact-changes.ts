import type { Contact } from './contact.ts';
import { DomainError } from './errors.ts';
import type { ContactId } from './ids.ts';

/** What an agent may change of a contact; null clears a first or last name. */
export interface ContactChanges {
  readonly name?: string | undefined;
  readonly firstName?: string | null | undefined;
  readonly lastName?: string | null | undefined;
}

/** Applies an agent's edit; a name given by a person is never replaced by a messenger's profile later. */
export function editContact(contact: Contact, changes: ContactChanges): void {
  if (changes.name !== undefined) {
    if (changes.name.trim() === '') throw new DomainError('invalid', 'CONTACT_NAME_EMPTY', 'a contact needs a name');
    contact.rename(changes.name.trim());
  }
  if (changes.firstName !== undefined) contact.firstName = changes.firstName?.trim() || null;
  if (changes.lastName !== undefined) contact.lastName = changes.lastName?.trim() || null;
}

/** Two contacts are merged only when they are two. */
export function assertMergeable(targetId: ContactId, sourceId: ContactId): void {
  if (targetId === sourceId) throw new DomainError('invalid', 'MERGE_INTO_ITSELF', `contact ${targetId} cannot be merged into itself`);
}

/** The survivor of a merge keeps what it knows and takes what only the merged contact knew; a real name beats a fallback. */
export function absorbContact(target: Contact, source: Contact): void {
  if (target.hasFallbackName && !source.hasFallbackName) target.rename(source.name);
  target.firstName ??= source.firstName;
  target.lastName ??= source.lastName;
  target.username ??= source.username;
  target.language ??= source.language;
  target.avatarFileId ??= source.avatarFileId;
}
