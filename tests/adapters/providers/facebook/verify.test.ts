import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_API_BASE_URL } from '../../../../adapters/providers/facebook/settings.ts';
import { APP_SECRET, facebookChannel, facebookSettings, provider, utf8, VERIFY_TOKEN } from './fixtures.ts';

// @see https://developers.facebook.com/docs/messenger-platform/webhooks#validate-payloads
// @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests

const header = (body: Uint8Array, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('facebook webhook signature', () => {
  it('checks the exact bytes Meta signed, with its \\/ and \\uXXXX escapes, not re-serialised JSON', async () => {
    // Meta escapes "/" and non-ASCII in the body it signs; JSON.stringify of the parsed body would not.
    const raw = utf8('{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"message":{"text":"caf\\u00e9 https:\\/\\/x.example\\/a"}}]}]}');
    const request = { headers: new Headers({ 'X-Hub-Signature-256': header(raw) }), rawBody: raw };
    expect(await provider().verify(facebookChannel(), request)).toBe(true);
    const reserialised = utf8(JSON.stringify(JSON.parse(new TextDecoder().decode(raw))));
    expect(await provider().verify(facebookChannel(), { ...request, rawBody: reserialised })).toBe(false);
  });

  it('accepts the hex digest in either case and refuses another secret, a bare digest, or a channel without valid settings', async () => {
    const raw = utf8('{"object":"page","entry":[]}');
    const verify = (value: string, channel = facebookChannel()) => provider().verify(channel, { headers: new Headers({ 'x-hub-signature-256': value }), rawBody: raw });
    expect(await verify(header(raw).toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
    expect(await verify(header(raw, 'other-secret'))).toBe(false);
    expect(await verify(header(raw).slice(7))).toBe(false);
    expect(await verify(`sha1=${createHmac('sha1', APP_SECRET).update(raw).digest('hex')}`)).toBe(false);
    expect(await verify(header(raw), facebookChannel({ verifyToken: VERIFY_TOKEN }))).toBe(false);
  });
});

describe('facebook subscription handshake', () => {
  const handshake = (query: Record<string, string>, settings = facebookSettings()) =>
    provider().handshake!(facebookChannel(settings), new URLSearchParams(query));

  it('answers the challenge when hub.mode is subscribe and the verify token matches', () => {
    expect(handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' })).toBe('1158201444');
  });

  it.each([
    ['a wrong verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': `${VERIFY_TOKEN}x`, 'hub.challenge': '1' }],
    ['a token that is a prefix', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN.slice(0, 5), 'hub.challenge': '1' }],
    ['no verify token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }],
    ['no mode', { 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }],
  ])('refuses %s (-> 403)', (_name, query) => {
    expect(handshake(query)).toBeUndefined();
  });

  it('refuses every handshake of a channel whose settings are not valid', () => {
    expect(handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }, { verifyToken: VERIFY_TOKEN })).toBeUndefined();
  });

  it('shows the verify token and API URL to the admin, and keeps the token and app secret secret', () => {
    expect(provider().publicSettingKeys).toEqual(['verifyToken', 'apiBaseUrl']);
    expect(provider().secretSettingKeys).toEqual(['pageAccessToken', 'appSecret']);
    expect(DEFAULT_GRAPH_API_BASE_URL).toBe('https://graph.facebook.com/v26.0');
  });
});
