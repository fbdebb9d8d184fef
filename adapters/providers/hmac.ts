import { createHmac, timingSafeEqual } from 'node:crypto';

const SHA256_HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * `sha256=<hex HMAC-SHA256 of bytes>`: the signature format of Switchboard's custom provider
 * and of Meta's `X-Hub-Signature-256`. node:crypto runs under Node and Deno 2 alike.
 */
export function hmacSha256Signature(secret: string, bytes: Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
}

/**
 * Whether `header` is the `sha256=<hex>` signature of exactly these bytes. The digests are
 * compared in constant time; only the header's shape (public) is checked before that.
 */
export function hasValidHmacSha256(secret: string, bytes: Uint8Array, header: string | null | undefined): boolean {
  const match = SHA256_HEADER.exec(header?.trim() ?? '');
  if (!match?.[1] || secret === '') return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', secret).update(bytes).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
