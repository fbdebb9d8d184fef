import type { Channel } from '../../../domain/channel.ts';
import { hasValidHmacSha256, hmacSha256Signature } from '../hmac.ts';
import type { WebhookRequest } from '../provider-module.ts';
import { readCustomSettings } from './settings.ts';

/** The header that carries `sha256=<hex HMAC-SHA256 of the raw body with the channel's secret>`. */
export const SIGNATURE_HEADER = 'X-Switchboard-Signature';

/** The `X-Switchboard-Signature` value of a body: used by the outbound sender, and by tests and clients. */
export function signBody(secret: string, bytes: Uint8Array): string {
  return hmacSha256Signature(secret, bytes);
}

/** Whether `header` signs exactly these bytes with `secret` (constant-time compare of the digests). */
export function isValidSignature(secret: string, rawBody: Uint8Array, header: string | null | undefined): boolean {
  return hasValidHmacSha256(secret, rawBody, header);
}

/**
 * Checks a webhook request against its channel's secret. The raw bytes are what is signed:
 * re-serialised JSON would differ (escapes, key order, whitespace).
 */
export function verifyCustomRequest(channel: Channel, request: WebhookRequest): boolean {
  const settings = readCustomSettings(channel);
  if (!settings) return false;
  return isValidSignature(settings.secret, request.rawBody, request.headers.get(SIGNATURE_HEADER));
}
