import * as v from 'valibot';
import type { Channel } from '../../../domain/channel.ts';
import { readSettings } from '../read-settings.ts';
import { isHttpUrl } from '../http-outcomes.ts';

// Messages never quote the received value: these are secrets.
/** A custom channel's settings: the shared signing secret, and where outgoing messages go. */
export const CustomSettingsSchema = v.object({
  secret: v.pipe(
    v.string('secret must be a string'),
    // Any non-empty secret is taken (DESIGN sets no length); 32 random bytes are what we recommend.
    v.minLength(1, 'secret must not be empty'),
    v.maxLength(1024, 'secret must be at most 1024 characters'),
  ),
  outboundUrl: v.optional(v.pipe(
    v.string('outboundUrl must be a string'),
    v.maxLength(4096, 'outboundUrl must be at most 4096 characters'),
    v.check(isHttpUrl, 'outboundUrl must be an http(s) URL'),
  )),
}, 'settings must be an object { secret, outboundUrl? }');

/** Valid custom settings. */
export type CustomSettings = v.InferOutput<typeof CustomSettingsSchema>;

/** The settings that are secrets. */
export const CUSTOM_SECRET_SETTING_KEYS = ['secret'] as const;

/** A channel's settings as the custom provider needs them; undefined when they are not valid. */
export function readCustomSettings(channel: Channel): CustomSettings | undefined {
  return readSettings(CustomSettingsSchema, channel);
}
