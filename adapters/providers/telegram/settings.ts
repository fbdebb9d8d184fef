import * as v from 'valibot';
import type { Channel } from '../../../domain/channel.ts';
import { readSettings } from '../read-settings.ts';
import { isHttpUrl } from '../http-outcomes.ts';

/** Where the Bot API lives unless a channel names a local Bot API server or a test fake. */
export const DEFAULT_API_BASE_URL = 'https://api.telegram.org';

// A token is `<bot id>:<secret>` (e.g. `123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11`); it goes into every URL path,
// so only URL-safe characters are taken. Messages never quote the value: these are secrets.
// @see https://core.telegram.org/bots/api#authorizing-your-bot
const BOT_TOKEN = /^[A-Za-z0-9_:-]+$/;
// setWebhook's own rule for secret_token. @see https://core.telegram.org/bots/api#setwebhook
const SECRET_TOKEN = /^[A-Za-z0-9_-]+$/;

/** A Telegram channel's settings: the bot's token, the webhook's secret token, and an optional Bot API address. */
export const TelegramSettingsSchema = v.object({
  botToken: v.pipe(
    v.string('botToken must be a string'),
    v.minLength(1, 'botToken must not be empty'),
    v.maxLength(256, 'botToken must be at most 256 characters'),
    v.regex(BOT_TOKEN, 'botToken must be a bot token as BotFather gives it (digits, a colon, then letters, digits, _ and -)'),
  ),
  secretToken: v.pipe(
    v.string('secretToken must be a string'),
    v.minLength(1, 'secretToken must be 1-256 characters'),
    v.maxLength(256, 'secretToken must be 1-256 characters'),
    v.regex(SECRET_TOKEN, 'secretToken may only hold A-Z, a-z, 0-9, _ and - (as setWebhook requires)'),
  ),
  apiBaseUrl: v.optional(v.pipe(
    v.string('apiBaseUrl must be a string'),
    v.maxLength(2048, 'apiBaseUrl must be at most 2048 characters'),
    v.check(isHttpUrl, 'apiBaseUrl must be an http(s) URL'),
  )),
}, 'settings must be an object { botToken, secretToken, apiBaseUrl? }');

/** Valid Telegram settings. */
export type TelegramSettings = v.InferOutput<typeof TelegramSettingsSchema>;

/** The settings that are secrets. */
export const TELEGRAM_SECRET_SETTING_KEYS = ['botToken', 'secretToken'] as const;

/** The settings an admin may see. */
export const TELEGRAM_PUBLIC_SETTING_KEYS = ['apiBaseUrl'] as const;

/** What the Bot API calls need of a channel: its token and the API's address (without a trailing slash). */
export interface BotAccess {
  readonly token: string;
  readonly apiBaseUrl: string;
}

/** A channel's settings as the Telegram provider needs them; undefined when they are not valid. */
export function readTelegramSettings(channel: Channel): TelegramSettings | undefined {
  return readSettings(TelegramSettingsSchema, channel);
}

/** The bot's token and API address of a channel; undefined when its settings are not valid. */
export function botAccessOf(channel: Channel): BotAccess | undefined {
  const settings = readTelegramSettings(channel);
  if (!settings) return undefined;
  return { token: settings.botToken, apiBaseUrl: (settings.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '') };
}
