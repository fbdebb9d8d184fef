import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWhatsAppConnector } from '../../../../adapters/providers/whatsapp/connector.ts';
import { startFakeWhatsApp, whatsAppError, type FakeWhatsApp } from '../../../support/fake-whatsapp.ts';
import { providerOptions } from '../custom-fixtures.ts';
import { ACCESS_TOKEN, PHONE_NUMBER_ID, settings, whatsAppChannel } from './fixtures.ts';

let fake: FakeWhatsApp;
beforeAll(async () => { fake = await startFakeWhatsApp(ACCESS_TOKEN, PHONE_NUMBER_ID); });
afterAll(async () => { await fake.close(); });

const connector = createWhatsAppConnector(providerOptions());
const connect = (source = PHONE_NUMBER_ID, overrides: Record<string, unknown> = {}) =>
  connector.connect(whatsAppChannel({ ...settings(fake.baseUrl), ...overrides }, source));

describe('WhatsApp connector', () => {
  it('reads the phone number with the token and shows its number and verified name', async () => {
    expect(await connect()).toEqual({ ok: true, detail: '+1 555-078-3881 (Switchboard Test)' });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: `/v26.0/${PHONE_NUMBER_ID}`, authorization: `Bearer ${ACCESS_TOKEN}` });
  });

  it('reports a refused token, an unknown number and an unreachable API, never quoting the token', async () => {
    const wrongToken = 'another-token-that-was-revoked';
    const refused = await connect(PHONE_NUMBER_ID, { accessToken: wrongToken });
    expect(refused).toEqual({ ok: false, detail: expect.stringMatching(/^the access token was refused/) });
    expect(await connect('999')).toEqual({ ok: false, detail: expect.stringContaining('no phone number 999 is reachable') });
    const offline = await connector.connect(whatsAppChannel(settings('http://127.0.0.1:9/v26.0')));
    expect(offline).toEqual({ ok: false, detail: expect.stringContaining('WhatsApp could not be reached') });
    fake.answerNext({ status: 400, body: { error: { message: `Malformed access token ${ACCESS_TOKEN}`, type: 'OAuthException', code: 190 } } });
    const echoed = await connect();
    expect(echoed.detail).toContain('[redacted]');
    for (const outcome of [refused, offline, echoed]) expect(JSON.stringify(outcome)).not.toContain(ACCESS_TOKEN);
    expect(JSON.stringify(refused)).not.toContain(wrongToken);
  });

  it('registers nothing and has nothing to unregister', async () => {
    const calls = fake.calls.length;
    await connector.disconnect(whatsAppChannel(settings(fake.baseUrl)));
    expect(fake.calls.length).toBe(calls);
    fake.answerNext(whatsAppError(131000));
    expect((await connect()).ok).toBe(false);
  });
});
