import type { LookedUpProfile } from '../../application/ports/profile-lookup.ts';
import type { LoadOutcome } from '../../application/ports/attachment-loader.ts';
import type { ProviderModule } from '../../application/ports/provider.ts';
import type { ProfileData } from '../../domain/contact.ts';

/** A provider whose messenger knows these senders' profiles (by external id) and nobody else's. */
export const providerWithProfiles = (name: string, profiles: Readonly<Record<string, LookedUpProfile>>): ProviderModule => ({
  name,
  profiles: { lookup: async (_channel, senderExternalId) => profiles[senderExternalId] },
});

/**
 * A provider whose messenger answers each attachment reference with the given outcome, refuses a loaded
 * file over the size limit as a real loader does, and fails like a dropped connection for references it
 * does not know.
 */
export const providerWithFiles = (name: string, outcomes: Readonly<Record<string, LoadOutcome>>): ProviderModule => ({
  name,
  attachments: {
    async load(_channel, attachment, maxBytes) {
      const outcome = attachment.sourceRef === null ? undefined : outcomes[attachment.sourceRef];
      if (!outcome) throw new Error(`connection reset fetching ${attachment.sourceRef}`);
      if (outcome.kind === 'loaded' && outcome.bytes.byteLength > maxBytes) return { kind: 'not_downloadable', reason: 'too big' };
      return outcome;
    },
  },
});

/** A provider that can do everything the inbound side may ask: profiles and attachments. */
export const fullProvider = (name: string): ProviderModule => ({
  ...providerWithProfiles(name, {}),
  ...providerWithFiles(name, {}),
  name,
});

/** Bytes of a file of `size` bytes. */
export const bytesOf = (size: number): Uint8Array => new Uint8Array(size).fill(7);
