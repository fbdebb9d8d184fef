import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ChannelSettings } from '../../domain/channel.ts';
import { jsonSettingsCodec, type SettingsCodec } from '../persistence/settings-codec.ts';

const PREFIX = 'enc:v1:';

/** Parses a 32-byte key given as 64 hex digits or base64. */
export function parseEncryptionKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('the encryption key must be 32 bytes');
  return key;
}

/**
 * Settings encrypted with AES-256-GCM (a fresh IV per write; the tag makes tampering fail loudly).
 * Rows written before a key was configured are still read, and encrypted on their next write.
 */
export function encryptingSettingsCodec(key: Buffer): SettingsCodec {
  return {
    encode(settings) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(settings), 'utf8'), cipher.final()]);
      return PREFIX + [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join(':');
    },
    decode(stored) {
      if (!stored.startsWith(PREFIX)) return JSON.parse(stored) as ChannelSettings;
      const [iv, tag, body] = stored.slice(PREFIX.length).split(':').map((part) => Buffer.from(part, 'base64'));
      if (!iv || !tag || !body) throw new Error('channel settings are not in the encrypted format');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as ChannelSettings;
    },
  };
}

/**
 * The codec for a configured key: encrypting with it, or plain JSON when there is none (encrypted rows
 * then fail to parse, and compose.ts refuses the start, naming the key).
 */
export const settingsCodecFor = (key: string | undefined): SettingsCodec =>
  key ? encryptingSettingsCodec(parseEncryptionKey(key)) : jsonSettingsCodec;
