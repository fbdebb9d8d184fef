import * as v from 'valibot';
import type { Channel } from '../../../domain/channel.ts';
import { readSettings } from '../read-settings.ts';
import { isHttpUrl } from '../http-outcomes.ts';

/**
 * The Graph API every Facebook channel talks to unless `apiBaseUrl` says otherwise (tests, proxies):
 * the latest documented version (v26.0, July 2026), which Meta keeps for about two years.
 * @see https://developers.facebook.com/docs/graph-api/changelog/versions/
 */
export const DEFAULT_GRAPH_API_BASE_URL = 'https://graph.facebook.com/v26.0';

// Messages never quote the received value: these are secrets.
const secret = (key: string, min: number) => v.pipe(
  v.string(`${key} must be a string`),
  v.minLength(min, `${key} must be at least ${min} characters`),
  v.maxLength(4096, `${key} must be at most 4096 characters`),
  v.check((text) => text.trim() === text && !/\s/.test(text), `${key} must not contain spaces or line breaks`),
);

/** A Facebook channel's settings: the Page's token, the app's secret, the dashboard's verify token, and the Graph URL. */
export const FacebookSettingsSchema = v.object({
  // Meta issues these: any non-empty value is taken, as for WhatsApp.
  pageAccessToken: secret('pageAccessToken', 1),
  appSecret: secret('appSecret', 1),
  verifyToken: v.pipe(
    v.string('verifyToken must be a string'),
    v.minLength(1, 'verifyToken must not be empty'),
    v.maxLength(1024, 'verifyToken must be at most 1024 characters'),
  ),
  apiBaseUrl: v.optional(v.pipe(
    v.string('apiBaseUrl must be a string'),
    v.maxLength(4096, 'apiBaseUrl must be at most 4096 characters'),
    v.check(isHttpUrl, 'apiBaseUrl must be an http(s) URL'),
  )),
}, 'settings must be an object { pageAccessToken, appSecret, verifyToken, apiBaseUrl? }');

/** Valid Facebook settings. */
export type FacebookSettings = v.InferOutput<typeof FacebookSettingsSchema>;

/** The settings that are secrets: never shown, never logged. */
export const FACEBOOK_SECRET_SETTING_KEYS = ['pageAccessToken', 'appSecret'] as const;

/** What the admin pastes in the Meta dashboard (the verify token) and where Graph calls go. */
export const FACEBOOK_PUBLIC_SETTING_KEYS = ['verifyToken', 'apiBaseUrl'] as const;

/** A channel's settings as the Facebook provider needs them; undefined when they are not valid. */
export function readFacebookSettings(channel: Channel): FacebookSettings | undefined {
  return readSettings(FacebookSettingsSchema, channel);
}
