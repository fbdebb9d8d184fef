import { EntitySchema } from '@mikro-orm/core';
import { ContactIdentity } from '../../../domain/contact.ts';

/** Table `contact_identity`: unique per (provider, channel_id, external_id). */
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
