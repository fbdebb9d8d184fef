import type { Channel } from '../../domain/channel.ts';
import type { ProfileData } from '../../domain/contact.ts';

/** Asks a messenger who a sender is [Creatio's IProfileDataProvider]; undefined when it does not know. */
export interface ProfileLookup {
  lookup(channel: Channel, senderExternalId: string): Promise<ProfileData | undefined>;
}
