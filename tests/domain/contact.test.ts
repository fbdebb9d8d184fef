import { describe, expect, it } from 'vitest';
import { Contact, ContactIdentity, fallbackContactName, nameFromProfile } from '../../domain/contact.ts';
import type { ChannelId, ContactId, ContactIdentityId } from '../../domain/ids.ts';

const CREATED = new Date('2025-01-01T10:00:00Z');

const withFallbackName = () => new Contact('ct-1' as ContactId, fallbackContactName('Support bot', '4242'), CREATED, true);

describe('fallbackContactName', () => {
  it("is Creatio's `New Contact <ChannelName>-<SenderExternalId>`", () => {
    expect(fallbackContactName('Support bot', '4242')).toBe('New Contact Support bot-4242');
  });
});

describe('nameFromProfile', () => {
  it('joins first and last name', () => {
    expect(nameFromProfile({ firstName: 'Ada', lastName: 'Lovelace' })).toBe('Ada Lovelace');
  });

  it('uses whichever of first or last name is there', () => {
    expect(nameFromProfile({ firstName: 'Ada' })).toBe('Ada');
    expect(nameFromProfile({ lastName: 'Lovelace' })).toBe('Lovelace');
  });

  it('falls back to the username when no name is given, ignoring blank parts', () => {
    expect(nameFromProfile({ firstName: '  ', username: ' ada_l ' })).toBe('ada_l');
  });

  it('gives nothing for a missing or empty profile', () => {
    expect(nameFromProfile(undefined)).toBeUndefined();
    expect(nameFromProfile({})).toBeUndefined();
    expect(nameFromProfile({ firstName: ' ', lastName: '', username: ' ' })).toBeUndefined();
  });
});

describe('Contact.applyProfile', () => {
  it('replaces a fallback name with the profile name, once, and keeps the details', () => {
    const contact = withFallbackName();
    contact.applyProfile({ firstName: 'Ada', lastName: 'Lovelace', username: 'ada', language: 'en' });
    expect(contact).toMatchObject({ name: 'Ada Lovelace', hasFallbackName: false, firstName: 'Ada', lastName: 'Lovelace', username: 'ada', language: 'en' });
  });

  it('trims the details it takes', () => {
    const contact = withFallbackName();
    contact.applyProfile({ firstName: ' Ada ', username: ' ada ', language: ' en ' });
    expect(contact).toMatchObject({ firstName: 'Ada', username: 'ada', language: 'en' });
  });

  it('never overwrites a real name, but still fills in details', () => {
    const contact = new Contact('ct-1' as ContactId, 'Countess of Lovelace', CREATED);
    contact.applyProfile({ firstName: 'Ada' });
    expect(contact).toMatchObject({ name: 'Countess of Lovelace', firstName: 'Ada', hasFallbackName: false });
  });

  it('does not erase what is known with missing or blank fields', () => {
    const contact = withFallbackName();
    contact.applyProfile({ firstName: 'Ada', lastName: 'Lovelace', language: 'en' });
    contact.applyProfile({ firstName: '  ', lastName: undefined });
    expect(contact).toMatchObject({ name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', language: 'en' });
  });

  it('keeps the fallback name while a profile tells no name', () => {
    const contact = withFallbackName();
    contact.applyProfile({ language: 'fr' });
    expect(contact).toMatchObject({ name: 'New Contact Support bot-4242', hasFallbackName: true, language: 'fr' });
  });
});

describe('Contact.rename', () => {
  it('sets the name for good: a later profile no longer replaces it', () => {
    const contact = withFallbackName();
    contact.rename('VIP customer');
    contact.applyProfile({ firstName: 'Ada' });
    expect(contact).toMatchObject({ name: 'VIP customer', hasFallbackName: false });
  });
});

describe('ContactIdentity', () => {
  it('points a (provider, channel, external id) at a contact', () => {
    const identity = new ContactIdentity({
      id: 'ci-1' as ContactIdentityId, contactId: 'ct-1' as ContactId, provider: 'telegram', channelId: 'ch-1' as ChannelId, externalId: '4242',
    });
    expect(identity).toMatchObject({ contactId: 'ct-1', provider: 'telegram', channelId: 'ch-1', externalId: '4242' });
  });
});

describe('nameFromProfile', () => {
  it('trims each part before joining, so padded names get one space', () => {
    expect(nameFromProfile({ firstName: ' Ada ', lastName: 'Lovelace ' })).toBe('Ada Lovelace');
  });
});
