import * as v from 'valibot';
import type { ContactDetails } from '../../../application/contacts/contact-details.ts';
import { getContact } from '../../../application/contacts/get-contact.ts';
import { mergeContacts } from '../../../application/contacts/merge-contacts.ts';
import { searchContacts } from '../../../application/contacts/search-contacts.ts';
import { updateContact } from '../../../application/contacts/update-contact.ts';
import type { ContactId } from '../../../domain/ids.ts';
import { authedProcedure, router } from '../init.ts';
import { CursorSchema, IdSchema, LimitSchema, NameSchema, StorableTextSchema } from '../inputs.ts';

const PartNameSchema = v.nullish(v.pipe(StorableTextSchema, v.trim(), v.maxLength(200, 'must be at most 200 characters')));

const SearchSchema = v.object({ query: v.optional(v.pipe(StorableTextSchema, v.maxLength(200, 'must be at most 200 characters')), ''), cursor: CursorSchema, limit: LimitSchema });
const UpdateSchema = v.object({ contactId: IdSchema, name: v.optional(NameSchema), firstName: PartNameSchema, lastName: PartNameSchema });
const MergeSchema = v.object({ targetContactId: IdSchema, sourceContactId: IdSchema });

/** A contact as the API shows it, with the messenger identities that point at it. */
const toContactView = ({ contact, identities }: ContactDetails) => ({
  id: contact.id, name: contact.name, firstName: contact.firstName, lastName: contact.lastName, avatarFileId: contact.avatarFileId,
  username: contact.username, language: contact.language, createdAt: contact.createdAt.toISOString(),
  identities: identities.map((i) => ({ provider: i.provider, channelId: i.channelId, externalId: i.externalId })),
});

/** Contacts: reading, searching, correcting, merging. */
export const contactsRouter = router({
  get: authedProcedure.input(v.object({ contactId: IdSchema })).query(async ({ ctx, input }) =>
    toContactView(await getContact(ctx.services.deps, ctx.viewer, { contactId: input.contactId as ContactId }))),
  search: authedProcedure.input(SearchSchema).query(async ({ ctx, input }) => {
    const page = await searchContacts(ctx.services.deps, ctx.viewer, { ...input, cursor: input.cursor ?? undefined });
    return { items: page.items.map(toContactView), nextCursor: page.nextCursor };
  }),
  update: authedProcedure.input(UpdateSchema).mutation(async ({ ctx, input }) =>
    toContactView(await updateContact(ctx.services.deps, ctx.viewer, { ...input, contactId: input.contactId as ContactId }))),
  merge: authedProcedure.input(MergeSchema).mutation(async ({ ctx, input }) => toContactView(await mergeContacts(ctx.services.deps, ctx.viewer, {
    targetContactId: input.targetContactId as ContactId, sourceContactId: input.sourceContactId as ContactId,
  }))),
});
