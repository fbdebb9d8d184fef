import type { Channel } from '../../domain/channel.ts';
import type { ProfileData } from '../../domain/contact.ts';

/** A profile as a messenger gives it, with the picture's bytes when it has one (its URL may carry a token). */
export interface LookedUpProfile extends ProfileData {
  readonly avatar?: { readonly bytes: Uint8Array; readonly mimeType: string } | undefined;
}

/** What the asker lacks: the names are not asked for when the sender's message brought them (Telegram's do). */
export interface ProfileNeeds {
  readonly names: boolean;
}

/**
 * Asks a messenger who a sender is [Creatio's IProfileDataProvider]; undefined when it does not know, or
 * knows nothing the asker lacks. A messenger that gives names and picture in one call may give both anyway.
 */
export interface ProfileLookup {
  lookup(channel: Channel, senderExternalId: string, needs?: ProfileNeeds): Promise<LookedUpProfile | undefined>;
}
