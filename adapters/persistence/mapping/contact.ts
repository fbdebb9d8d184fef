import { EntitySchema } from '@mikro-orm/core';
import { Contact } from '../../../domain/contact.ts';

/** Table `contact`. */
export const ContactSchema = new EntitySchema<Contact>({
  class: Contact,
  tableName: 'contact',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    firstName: { type: 'text', nullable: true },
    lastName: { type: 'text', nullable: true },
    username: { type: 'text', nullable: true },
    language: { type: 'text', nullable: true },
    avatarFileId: { type: 'text', nullable: true },
    hasFallbackName: { type: 'boolean' },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
  },
});
