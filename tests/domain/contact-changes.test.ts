import { describe, expect, it } from 'vitest';
import { Contact } from '../../domain/contact.ts';
import { absorbContact, assertMergeable, editContact } from '../../domain/contact-changes.ts';
import type { ContactId, FileId } from '../../domain/ids.ts';

const AT = new Date('2025-01-01T10:00:00Z');
const aContact = (name = 'New Contact Bot-42', fallback = true) => new Contact('c-1' as ContactId, name, AT, fallback);

describe('editContact', () => {
  it('renames (for good: a profile no longer replaces it) and sets or clears first and last names', () => {
    const contact = aContact();
    editContact(contact, { name: '  Grace Hopper ', firstName: 'Grace', lastName: 'Hopper' });
    expect(contact).toMatchObject({ name: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper', hasFallbackName: false });
    editContact(contact, { lastName: null });
    expect(contact).toMatchObject({ name: 'Grace Hopper', firstName: 'Grace', lastName: null });
    contact.applyProfile({ firstName: 'G.', lastName: 'H.' });
    expect(contact.name).toBe('Grace Hopper');
  });

  it('refuses an empty name with CONTACT_NAME_EMPTY and leaves the rest', () => {
    const contact = aContact();
    expect(() => editContact(contact, { name: '  ' })).toThrow(expect.objectContaining({ kind: 'invalid', code: 'CONTACT_NAME_EMPTY' }));
    expect(contact.name).toBe('New Contact Bot-42');
  });
});

describe('contact merge rules', () => {
  it('refuses to merge a contact into itself with MERGE_INTO_ITSELF', () => {
    expect(() => assertMergeable('c-1' as ContactId, 'c-1' as ContactId)).toThrow(expect.objectContaining({ kind: 'invalid', code: 'MERGE_INTO_ITSELF' }));
    expect(() => assertMergeable('c-1' as ContactId, 'c-2' as ContactId)).not.toThrow();
  });

  it('lets the survivor take a real name over its fallback and fill in only what it lacks', () => {
    const target = aContact();
    target.firstName = 'Kept';
    const source = new Contact('c-2' as ContactId, 'Ada Lovelace', AT);
    Object.assign(source, { firstName: 'Ada', lastName: 'Lovelace', username: 'ada', avatarFileId: 'f-1' as FileId });
    absorbContact(target, source);
    expect(target).toMatchObject({ name: 'Ada Lovelace', hasFallbackName: false, firstName: 'Kept', lastName: 'Lovelace', username: 'ada', avatarFileId: 'f-1' });
  });

  it('keeps the survivor\'s own real name', () => {
    const target = aContact('Grace', false);
    absorbContact(target, new Contact('c-2' as ContactId, 'Someone else', AT));
    expect(target.name).toBe('Grace');
  });
});
