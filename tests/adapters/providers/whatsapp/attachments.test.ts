import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWhatsAppAttachmentLoader } from '../../../../adapters/providers/whatsapp/attachments.ts';
import { startFakeWhatsApp, whatsAppError, type FakeWhatsApp } from '../../../support/fake-whatsapp.ts';
import { attachmentAt, providerOptions } from '../custom-fixtures.ts';
import { ACCESS_TOKEN, PHONE_NUMBER_ID, settings, whatsAppChannel } from './fixtures.ts';

let fake: FakeWhatsApp;
beforeAll(async () => { fake = await startFakeWhatsApp(ACCESS_TOKEN, PHONE_NUMBER_ID); });
afterAll(async () => { await fake.close(); });

const loader = createWhatsAppAttachmentLoader(providerOptions());
const load = (mediaId: string | null, init: Parameters<typeof attachmentAt>[1] = { type: 'image' }, maxBytes = 1_000_000) =>
  loader.load(whatsAppChannel(settings(fake.baseUrl)), attachmentAt(mediaId, init), maxBytes);
const expectNoSecretOrUrl = (outcome: unknown) => {
  for (const secret of [ACCESS_TOKEN, 'whatsapp_business/attachments', '127.0.0.1']) expect(JSON.stringify(outcome)).not.toContain(secret);
};

describe('WhatsApp attachment loader', () => {
  it('asks GET /{media-id} for the URL, then downloads it with the bearer token', async () => {
    const bytes = new Uint8Array(randomBytes(2048));
    fake.addMedia('1003383421387256', { bytes, mimeType: 'image/jpeg' });
    const before = fake.calls.length;
    const outcome = await load('1003383421387256');
    expect(outcome).toEqual({ kind: 'loaded', bytes, mimeType: 'image/jpeg', fileName: 'whatsapp-image-1003383421387256.jpg' });
    expect(fake.calls.slice(before)).toEqual([{ method: 'GET', path: '/v26.0/1003383421387256', authorization: `Bearer ${ACCESS_TOKEN}` }]);
    expect(fake.downloads.at(-1)).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it("keeps a document's own file name", async () => {
    fake.addMedia('1003383421387259', { bytes: new Uint8Array([37, 80, 68, 70]), mimeType: 'application/pdf' });
    expect(await load('1003383421387259', { type: 'file', fileName: 'receipt-2025.pdf' })).toMatchObject({ kind: 'loaded', fileName: 'receipt-2025.pdf', mimeType: 'application/pdf' });
  });

  it('refuses a file WhatsApp declares over the limit before downloading it, and cuts off one that lied', async () => {
    fake.addMedia('big', { bytes: new Uint8Array(10), mimeType: 'video/mp4', declaredSize: 50_000_000 });
    const downloads = fake.downloads.length;
    expect(await load('big', { type: 'video' }, 1_000)).toEqual({ kind: 'not_downloadable', reason: 'the file is 50000000 bytes, over the limit of 1000 bytes' });
    expect(fake.downloads.length).toBe(downloads);
    fake.addMedia('liar', { bytes: new Uint8Array(5000), mimeType: 'video/mp4', declaredSize: 10 });
    expect(await load('liar', { type: 'video' }, 1_000)).toMatchObject({ kind: 'not_downloadable' });
  });

  it('records unknown or expired media as not downloadable, without URL or token in the reason', async () => {
    const outcome = await load('404040404');
    expect(outcome).toEqual({ kind: 'not_downloadable', reason: expect.stringContaining('the media is gone or unknown') });
    expectNoSecretOrUrl(outcome);
    expect(await load(null)).toEqual({ kind: 'not_downloadable', reason: 'the attachment has no WhatsApp media id' });
  });

  it('retries rate limits (honouring the hint) and outages', async () => {
    fake.addMedia('m1', { bytes: new Uint8Array([1]), mimeType: 'image/png' });
    fake.answerNext({ ...whatsAppError(130429), status: 429, headers: { 'retry-after': '9' } });
    expect(await load('m1')).toMatchObject({ kind: 'retry', afterMs: 9_000 });
    fake.answerNext(whatsAppError(131016));
    const outage = await load('m1');
    expect(outage).toMatchObject({ kind: 'retry', reason: expect.stringContaining('131016') });
    expectNoSecretOrUrl(outage);
    fake.answerNext(whatsAppError(190));
    expect(await load('m1')).toMatchObject({ kind: 'retry', reason: expect.stringContaining('access token') });
    expect(await load('m1')).toMatchObject({ kind: 'loaded' });
  });
});
