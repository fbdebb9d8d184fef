import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new API token: 32 random bytes, URL-safe, prefixed so leaked tokens are recognisable in scans. */
export const newApiToken = (): string => `sbt_${randomBytes(32).toString('base64url')}`;

/** What is stored of a token: its SHA-256 (tokens are random and long, so no slow hash is needed). */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
