import type { ChannelId, ContactId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { JobResult } from './job-handler.ts';
import { payloadString } from './job-handler.ts';

/**
 * Asks the messenger who a new contact is and fills in the name; on failure the fallback name stays. A
 * contact created with the names its first message brought is asked for the rest only (its picture).
 */
export async function enrichContact(deps: Deps, payload: Readonly<Record<string, unknown>>): Promise<JobResult> {
  const contactId = payloadString(payload, 'contactId') as ContactId;
  const channelId = payloadString(payload, 'channelId') as ChannelId;
  const senderExternalId = payloadString(payload, 'senderExternalId');
  const channel = await deps.transaction.read(({ channels }) => channels.get(channelId));
  const lookup = deps.providers.find(channel.provider)?.profiles;
  if (!lookup) return;
  // Jobs enqueued before `namesKnown` existed lack it: those ask for everything, as they did.
  const profile = await lookup.lookup(channel, senderExternalId, { names: payload['namesKnown'] !== true });
  // The messenger does not know the sender: asking again will not change that; the fallback name stays.
  if (!profile) return;
  const avatar = profile.avatar && (await deps.files.put(profile.avatar.bytes, { mimeType: profile.avatar.mimeType, fileName: 'avatar' }));
  // Read and written back at once, each statement committing on its own: a transaction around the two
  // would not lock the row either, so it would close no window for a concurrent rename; it only cost.
  const contact = await deps.transaction.read(({ contacts }) => contacts.find(contactId));
  // Merged into another contact meanwhile: the messenger's profile is the merged contact's business no more.
  if (!contact) return;
  contact.applyProfile(profile);
  if (avatar) contact.avatarFileId = avatar.id;
  await deps.transaction.autocommit(({ contacts }) => contacts.save(contact));
}
