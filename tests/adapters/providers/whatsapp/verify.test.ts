import { describe, expect, it } from 'vitest';
import { createWhatsAppProvider } from '../../../../adapters/providers/whatsapp/index.ts';
import { providerOptions, utf8 } from '../custom-fixtures.ts';
import { APP_SECRET, VERIFY_TOKEN, settings, signedRequest, whatsAppChannel } from './fixtures.ts';

const provider = createWhatsAppProvider(providerOptions());
const channel = whatsAppChannel();

describe('WhatsApp webhook verification', () => {
  it('checks X-Hub-Signature-256 over the raw bytes Meta signed, escapes included', async () => {
    // Meta signs the escaped form it sends: "\/" and "\u00e9", not the characters they stand for.
    const raw = '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"text":"caf\\u00e9 \\/ menu"}}]}]}';
    expect(await provider.verify(channel, signedRequest(raw))).toBe(true);
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(reserialised).not.toBe(raw);
    expect(await provider.verify(channel, { ...signedRequest(raw), rawBody: utf8(reserialised) })).toBe(false);
  });

  it('accepts the hex digest in either case and refuses a channel without valid settings', async () => {
    const request = signedRequest('{}');
    const upper = new Headers({ 'x-hub-signature-256': `sha256=${request.headers.get('x-hub-signature-256')!.slice(7).toUpperCase()}` });
    expect(await provider.verify(channel, { ...request, headers: upper })).toBe(true);
    expect(await provider.verify(whatsAppChannel({ appSecret: APP_SECRET }), request)).toBe(false);
  });

  it.each([
    ['subscribe with the verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' }, '1158201444'],
    ['a wrong verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }, undefined],
    ['the token with a different length', { 'hub.mode': 'subscribe', 'hub.verify_token': `${VERIFY_TOKEN}x`, 'hub.challenge': '1' }, undefined],
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }, undefined],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }, undefined],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, undefined],
  ])('handshake: %s', (_name, query, expected) => {
    expect(provider.handshake?.(channel, new URLSearchParams(query))).toBe(expected);
  });

  it('shows the verify token and base URL but never the secrets', () => {
    expect(provider.publicSettingKeys).toEqual(['verifyToken', 'apiBaseUrl']);
    expect(provider.secretSettingKeys).toEqual(['accessToken', 'appSecret']);
    expect(Object.keys(settings())).toEqual(expect.arrayContaining([...provider.secretSettingKeys]));
  });
});
