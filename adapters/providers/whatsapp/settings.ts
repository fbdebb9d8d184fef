import * as v from 'valibot';
import type { Channel } from '../../../domain/channel.ts';
import { readSettings } from '../read-settings.ts';
import { isHttpUrl } from '../http-outcomes.ts';

/**
 * The Graph API the Cloud API lives on, at the version its reference documents.
 * @see https://developers.facebook.com/docs/graph-api/guides/versioning
 */
export const DEFAULT_API_BASE_URL = 'https://graph.facebook.com/v26.0';

// No minimum length beyond one character: Meta decides what its tokens look like.
const secret = (name: string) => v.pipe(
  v.string(`${name} must be a string`),
  v.check((text) => text.trim() !== '', `${name} must not be empty`),
  v.maxLength(4096, `${name} must be at most 4096 characters`),
  // A header value cannot carry line breaks or control characters; a pasted token sometimes does.
  v.check((text) => !/[\u0000-\u001f\u007f]/.test(text), `${name} must not contain control characters or line breaks`),
);

// Messages never quote the received value: these are secrets.
/** A WhatsApp channel's settings; `source` is the business phone number id. */
export const WhatsAppSettingsSchema = v.object({
  accessToken: secret('accessToken'),
  appSecret: secret('appSecret'),
  verifyToken: secret('verifyToken'),
  apiBaseUrl: v.optional(v.pipe(
    v.string('apiBaseUrl must be a string'),
    v.maxLength(2048, 'apiBaseUrl must be at most 2048 characters'),
    v.check(isHttpUrl, 'apiBaseUrl must be an http(s) URL'),
  )),
}, 'settings must be an object { accessToken, appSecret, verifyToken, apiBaseUrl? }');

/** Valid WhatsApp settings. */
export type WhatsAppSettings = v.InferOutput<typeof WhatsAppSettingsSchema>;

/** The settings that are secrets: never shown, never logged. */
export const WHATSAPP_SECRET_SETTING_KEYS = ['accessToken', 'appSecret'] as const;

/** What an admin pastes in the Meta dashboard (the verify token) and where calls go. */
export const WHATSAPP_PUBLIC_SETTING_KEYS = ['verifyToken', 'apiBaseUrl'] as const;

/** A channel's settings as the WhatsApp provider needs them; undefined when they are not valid. */
export function readWhatsAppSettings(channel: Channel): WhatsAppSettings | undefined {
  return readSettings(WhatsAppSettingsSchema, channel);
}

/** The Graph base URL of a channel, without a trailing slash. */
export const apiBaseUrlOf = (settings: WhatsAppSettings): string => (settings.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
