import type { Channel } from '../../domain/channel.ts';
import type { ProfileData } from '../../domain/contact.ts';

/** A profile as a messenger gives it, with the picture's bytes when it has one (its URL may carry a token). */
export interface LookedUpProfile extends ProfileData {
  readonly avatar?: { readonly bytes: Uint8Array; readonly mimeType: string } | undefined;
}

/** Asks a messenger who a sender is [Creatio's IProfileDataProvider]; undefined when it does not know. */
export interface ProfileLookup {
  lookup(channel: Channel, senderExternalId: string): Promise<LookedUpProfile | undefined>;
}
