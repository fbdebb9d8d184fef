import { createHmac } from 'node:crypto';
import { secretsEqual } from '../security/tokens.ts';

/** How long a signed file link works: long enough for a messenger to fetch it, short enough to expire. */
export const FILE_LINK_TTL_MS = 24 * 60 * 60 * 1000;

const signatureOf = (secret: string, fileId: string, expires: number) =>
  createHmac('sha256', secret).update(`file:${fileId}:${expires}`).digest('hex');

/**
 * A link to `GET /files/:id` that works without a token until it expires, for messengers that fetch
 * an outgoing attachment by URL (the custom provider's receiver, Messenger's Send API).
 */
export function signedFileUrl(publicUrl: string, secret: string, fileId: string, now: Date): string {
  const expires = Math.floor((now.getTime() + FILE_LINK_TTL_MS) / 1000);
  return `${publicUrl.replace(/\/+$/, '')}/files/${encodeURIComponent(fileId)}?expires=${expires}&signature=${signatureOf(secret, fileId, expires)}`;
}

/** True when the link's signature is ours for this file and it has not expired. */
export function isValidFileLink(secret: string, fileId: string, expires: string | undefined, signature: string | undefined, now: Date): boolean {
  if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
  if (Number(expires) * 1000 < now.getTime()) return false;
  return secretsEqual(signature, signatureOf(secret, fileId, Number(expires)));
}
