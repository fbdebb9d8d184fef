import { EntitySchema } from '@mikro-orm/core';
import { ContactMerge } from '../../../domain/contact-merge.ts';

/** Table `contact_merge`: no foreign key to the merged contact, which is removed by the merge it records. */
export const ContactMergeSchema = new EntitySchema<ContactMerge>({
  class: ContactMerge,
  tableName: 'contact_merge',
  properties: {
    id: { type: 'uuid', primary: true },
    targetContactId: { type: 'uuid' },
    sourceContactId: { type: 'uuid' },
    sourceName: { type: 'text' },
    byAgentId: { type: 'uuid', nullable: true },
    identitiesMoved: { type: 'integer' },
    chatsMoved: { type: 'integer' },
    at: { type: 'Date', columnType: 'timestamptz' },
  },
});
