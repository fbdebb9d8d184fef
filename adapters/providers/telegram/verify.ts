import { createHash, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../../../domain/channel.ts';
import type { WebhookRequest } from '../provider-module.ts';
import { readTelegramSettings, type TelegramSettings } from './settings.ts';

/**
 * The header in which Telegram repeats the `secret_token` given to setWebhook. Telegram signs
 * nothing: the header is the whole proof. @see https://core.telegram.org/bots/api#setwebhook
 */
export const SECRET_TOKEN_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** Whether the request carries the channel's secret token, compared in constant time. */
export function verifyTelegramRequest(channel: Channel, request: WebhookRequest): boolean {
  const settings = readTelegramSettings(channel);
  const given = request.headers.get(SECRET_TOKEN_HEADER);
  if (!settings || given === null) return false;
  return timingSafeEqual(digest(given), expectedDigest(settings));
}

// Digests first: timingSafeEqual needs equal lengths, and comparing lengths would tell the secret's.
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

// Per settings object (replaced, never changed in place, when an admin edits them): every webhook checks it.
const expectedDigests = new WeakMap<TelegramSettings, Buffer>();

function expectedDigest(settings: TelegramSettings): Buffer {
  let expected = expectedDigests.get(settings);
  if (!expected) expectedDigests.set(settings, (expected = digest(settings.secretToken)));
  return expected;
}
