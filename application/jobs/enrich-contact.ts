import type { ChannelId, ContactId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { JobResult } from './job-handler.ts';
import { payloadString } from './job-handler.ts';

/** Asks the messenger who a new contact is and fills in the name; on failure the fallback name stays. */
export async function enrichContact(deps: Deps, payload: Readonly<Record<string, unknown>>): Promise<JobResult> {
  const contactId = payloadString(payload, 'contactId') as ContactId;
  const channelId = payloadString(payload, 'channelId') as ChannelId;
  const senderExternalId = payloadString(payload, 'senderExternalId');
  const channel = await deps.transaction.read(({ channels }) => channels.get(channelId));
  const lookup = deps.providers.find(channel.provider)?.profiles;
  if (!lookup) return;
  const profile = await lookup.lookup(channel, senderExternalId);
  // The messenger does not know the sender: asking again will not change that; the fallback name stays.
  if (!profile) return;
  const avatar = profile.avatar && (await deps.files.put(profile.avatar.bytes, { mimeType: profile.avatar.mimeType, fileName: 'avatar' }));
  await deps.transaction.run(async ({ contacts }) => {
    const contact = await contacts.get(contactId);
    contact.applyProfile(profile);
    if (avatar) contact.avatarFileId = avatar.id;
    await contacts.save(contact);
  });
}
