import { ofetch } from 'ofetch';
import type { LookedUpProfile, ProfileLookup } from '../../../application/ports/profile-lookup.ts';
import { downloadLimited } from '../download.ts';
import { fetchFailureReason, isHttpUrl } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { storableText } from '../text.ts';
import { graphCall } from './graph.ts';
import { isRateLimited, reasonOf, redact } from './graph-outcomes.ts';
import { readFacebookSettings } from './settings.ts';

/** Profile pictures are small; anything bigger is not a picture worth keeping. */
const MAX_AVATAR_BYTES = 5 * 1024 * 1024;

/**
 * Asks Graph who a sender is [Creatio's IProfileDataProvider]: `/{PSID}?fields=first_name,last_name,profile_pic`.
 * The picture is downloaded as bytes (its URL is signed and expires), never stored as a URL.
 * Undefined when Graph does not know the person (a 4xx other than a rate limit or a refused token);
 * anything that may pass (rate limits, 5xx, network, token) is thrown so the job retries.
 * @see https://developers.facebook.com/docs/messenger-platform/identity/user-profile
 */
export function createFacebookProfileLookup(options: ProviderOptions): ProfileLookup {
  const files = ofetch.create({ retry: 0 });
  return {
    async lookup(channel, senderExternalId) {
      const settings = readFacebookSettings(channel);
      if (!settings) throw new Error('channel settings are not valid facebook settings');
      const answer = await graphCall(settings, options)(`/${encodeURIComponent(senderExternalId)}`, {
        query: { fields: 'first_name,last_name,profile_pic' },
      }).catch((error: unknown) => {
        throw new Error(`profile lookup failed: ${fetchFailureReason(error)}`);
      });
      if (answer.status < 200 || answer.status >= 300) {
        // A 4xx means "no such person for this Page", unless it is a limit or the token: those pass with time or a fix.
        if (answer.status < 500 && !isRateLimited(answer) && answer.error?.code !== 190) return undefined;
        throw new Error(`profile lookup failed: ${redact(reasonOf(answer), [settings.pageAccessToken, settings.appSecret])}`);
      }
      const data = (answer.data ?? {}) as Record<string, unknown>;
      const profile: LookedUpProfile = { firstName: textOf(data.first_name), lastName: textOf(data.last_name) };
      const avatar = typeof data.profile_pic === 'string' ? await downloadAvatar(files, data.profile_pic, options) : undefined;
      return avatar ? { ...profile, avatar } : profile;
    },
  };
}

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? storableText(value).slice(0, 256) : undefined);

// A missing picture is no reason to lose the names: any failure leaves the profile without one.
async function downloadAvatar(files: typeof ofetch, url: string, options: ProviderOptions) {
  if (!isHttpUrl(url)) return undefined;
  const outcome = await downloadLimited(files, url, {
    maxBytes: MAX_AVATAR_BYTES, timeoutMs: options.downloadTimeoutMs ?? options.timeoutMs, now: () => options.clock.now(),
  });
  if (outcome.kind !== 'loaded' || !outcome.mimeType.startsWith('image/')) return undefined;
  return { bytes: outcome.bytes, mimeType: outcome.mimeType };
}
