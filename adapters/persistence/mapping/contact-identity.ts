import { EntitySchema } from '@mikro-orm/core';
import { ContactIdentity } from '../../../domain/contact.ts';

/**
 * Table `contact_identity`: unique per (provider, channel_id, external_id). Identities are per channel, not
 * per provider: messengers scope sender ids to the bot, page or number (Facebook's page-scoped ids), so one
 * external id on two channels may be two people; contacts.merge joins them when they are one.
 */
export const ContactIdentitySchema = new EntitySchema<ContactIdentity>({
  class: ContactIdentity,
  tableName: 'contact_identity',
  properties: {
    id: { type: 'uuid', primary: true },
    contactId: { type: 'uuid' },
    provider: { type: 'text' },
    channelId: { type: 'uuid' },
    externalId: { type: 'text' },
  },
});
