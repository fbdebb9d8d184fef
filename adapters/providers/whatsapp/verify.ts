import { createHash, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../../../domain/channel.ts';
import { hasValidHmacSha256, hmacSha256Signature } from '../hmac.ts';
import type { WebhookRequest } from '../provider-module.ts';
import { readWhatsAppSettings } from './settings.ts';

/** The header Meta signs every webhook POST with: `sha256=<hex HMAC-SHA256 of the raw body with the app secret>`. */
export const SIGNATURE_HEADER = 'X-Hub-Signature-256';

/** The `X-Hub-Signature-256` value Meta would send for these bytes (for tests and tools). */
export const signWhatsAppBody = (appSecret: string, bytes: Uint8Array): string => hmacSha256Signature(appSecret, bytes);

/**
 * Checks Meta's signature over the exact bytes received: Meta signs its escaped form (`\/`,
 * `\u00e9`), so re-serialised JSON would not match.
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
 */
export function verifyWhatsAppRequest(channel: Channel, request: WebhookRequest): boolean {
  const settings = readWhatsAppSettings(channel);
  if (!settings) return false;
  return hasValidHmacSha256(settings.appSecret, request.rawBody, request.headers.get(SIGNATURE_HEADER));
}

/**
 * The subscription handshake: Meta calls `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`
 * and expects the challenge echoed back; anything else is refused (undefined → 403).
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests
 */
export function whatsAppHandshake(channel: Channel, query: URLSearchParams): string | undefined {
  const settings = readWhatsAppSettings(channel);
  const challenge = query.get('hub.challenge');
  if (!settings || query.get('hub.mode') !== 'subscribe' || challenge === null) return undefined;
  return sameSecret(query.get('hub.verify_token') ?? '', settings.verifyToken) ? challenge : undefined;
}

// Digests have one length whatever the inputs, so the comparison takes the same time for every guess.
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && given === expected;
}
