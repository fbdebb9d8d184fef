import { createHash, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../../../domain/channel.ts';
import { hasValidHmacSha256, hmacSha256Signature } from '../hmac.ts';
import type { WebhookRequest } from '../provider-module.ts';
import { readFacebookSettings } from './settings.ts';

/**
 * The header Meta signs every webhook with: `sha256=<hex HMAC-SHA256 of the raw body with the app secret>`.
 * @see https://developers.facebook.com/docs/messenger-platform/webhooks#validate-payloads
 */
export const SIGNATURE_HEADER = 'X-Hub-Signature-256';

/** The `X-Hub-Signature-256` value Meta would send for these bytes (for tests and tools). */
export function signFacebookBody(appSecret: string, bytes: Uint8Array): string {
  return hmacSha256Signature(appSecret, bytes);
}

/**
 * Checks a webhook against the channel's app secret, over the raw bytes: Meta signs the body
 * with `/` escaped as `\/` and non-ASCII as `\uXXXX`, so re-serialised JSON would never match.
 */
export function verifyFacebookRequest(channel: Channel, request: WebhookRequest): boolean {
  const settings = readFacebookSettings(channel);
  if (!settings) return false;
  return hasValidHmacSha256(settings.appSecret, request.rawBody, request.headers.get(SIGNATURE_HEADER));
}

/**
 * The subscription handshake: Meta GETs `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`
 * and expects the challenge back only when the verify token is the one set in its dashboard.
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests
 */
export function facebookHandshake(channel: Channel, query: URLSearchParams): string | undefined {
  const settings = readFacebookSettings(channel);
  const challenge = query.get('hub.challenge');
  if (!settings || query.get('hub.mode') !== 'subscribe' || !challenge) return undefined;
  return sameText(query.get('hub.verify_token') ?? '', settings.verifyToken) ? challenge : undefined;
}

// Digests have one length whatever the inputs, so the comparison time tells nothing about the token.
function sameText(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
