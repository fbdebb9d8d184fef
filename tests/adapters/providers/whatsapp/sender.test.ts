import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, AttachmentType } from '../../../../domain/attachment.ts';
import { createWhatsAppSender } from '../../../../adapters/providers/whatsapp/sender.ts';
import { startFakeWhatsApp, whatsAppError, type FakeWhatsApp } from '../../../support/fake-whatsapp.ts';
import { attachmentAt, outgoingMessage, providerOptions } from '../custom-fixtures.ts';
import { ACCESS_TOKEN, APP_SECRET, CUSTOMER, PHONE_NUMBER_ID, settings, whatsAppChannel } from './fixtures.ts';

let fake: FakeWhatsApp;
beforeAll(async () => { fake = await startFakeWhatsApp(ACCESS_TOKEN, PHONE_NUMBER_ID); });
afterAll(async () => { await fake.close(); });

const sender = createWhatsAppSender(providerOptions({ fileUrl: (a) => (a.fileName === 'linked.png' ? 'https://files.example/linked.png' : undefined) }));
const file = (type: AttachmentType, mimeType: string, fileName: string, bytes?: Uint8Array): Attachment & { bytes?: Uint8Array } =>
  Object.assign(attachmentAt(null, { type, fileName }), { mimeType }, bytes ? { bytes } : {});
const send = async (text: string, attachments: (Attachment & { bytes?: Uint8Array })[] = [], recipientId = CUSTOMER) => {
  const before = fake.calls.length;
  const outcome = await sender.send({ channel: whatsAppChannel(settings(fake.baseUrl)), recipientId, message: outgoingMessage(text), attachments });
  return { outcome, calls: fake.calls.slice(before) };
};

describe('WhatsApp sender', () => {
  it('sends a text to /{phone-number-id}/messages with the bearer token and reports the wamid', async () => {
    const { outcome, calls } = await send('Hello from support');
    expect(outcome).toEqual({ kind: 'sent', externalId: expect.stringMatching(/^wamid\./) });
    expect(calls).toEqual([{
      method: 'POST', path: `/v26.0/${PHONE_NUMBER_ID}/messages`, authorization: `Bearer ${ACCESS_TOKEN}`,
      json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: CUSTOMER, type: 'text', text: { body: 'Hello from support' } },
    }]);
  });

  it('uploads an image first, then sends it by media id with the text as caption', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    const { outcome, calls } = await send('Your receipt', [file('image', 'image/jpeg', 'receipt.jpg', bytes)]);
    expect(outcome.kind).toBe('sent');
    const [upload, sent] = calls;
    expect(upload).toMatchObject({ path: `/v26.0/${PHONE_NUMBER_ID}/media`, form: { fields: { messaging_product: 'whatsapp', type: 'image/jpeg' }, file: { name: 'receipt.jpg', type: 'image/jpeg' } } });
    expect(upload?.form?.file?.bytes).toEqual(bytes);
    expect(sent?.json).toMatchObject({ type: 'image', image: { id: expect.any(String), caption: 'Your receipt' } });
    // The id sent is the one the upload answered: WhatsApp knows the file under it.
    const mediaId = (sent?.json as { image: { id: string } }).image.id;
    const media = await fetch(`${fake.baseUrl}/${mediaId}`, { headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });
    expect(await media.json()).toMatchObject({ id: mediaId, mime_type: 'image/jpeg', file_size: String(bytes.byteLength) });
  });

  it('sends a document with its file name, and a non-JPEG/PNG image as a document', async () => {
    const { calls } = await send('', [file('file', 'application/pdf', 'terms.pdf', new Uint8Array([37, 80, 68, 70]))]);
    expect(calls[1]?.json).toMatchObject({ type: 'document', document: { id: expect.any(String), filename: 'terms.pdf' } });
    expect((await send('', [file('image', 'image/gif', 'fun.gif', new Uint8Array([71]))])).calls[1]?.json).toMatchObject({ type: 'document' });
  });

  it('sends by link when there are no bytes, the long text first; without bytes or link it sends nothing', async () => {
    const long = 'x'.repeat(1500);
    const { calls } = await send(long, [file('image', 'image/png', 'linked.png')]);
    expect(calls.map((c) => (c.json as { type: string }).type)).toEqual(['text', 'image']);
    expect(calls[1]?.json).toMatchObject({ image: { link: 'https://files.example/linked.png' } });
    const unsendable = await send('hi', [file('image', 'image/png', 'nowhere.png')]);
    expect(unsendable).toEqual({ outcome: { kind: 'rejected', reason: expect.stringContaining('neither bytes') }, calls: [] });
  });

  it('addresses a user known only by business-scoped id as recipient', async () => {
    const { calls } = await send('hi', [], 'US.13491208655302741918');
    expect(calls[0]?.json).toMatchObject({ recipient: 'US.13491208655302741918' });
    expect(calls[0]?.json).not.toHaveProperty('to');
  });

  it.each([
    [130429, {}, { kind: 'retry', afterMs: 15_000 }],
    [131056, {}, { kind: 'retry', afterMs: 15_000 }],
    [4, {}, { kind: 'retry', afterMs: 15_000 }],
    [80007, { 'x-business-use-case-usage': '{"102290129340398":[{"type":"whatsapp","call_count":100,"estimated_time_to_regain_access":2}]}' }, { kind: 'retry', afterMs: 120_000 }],
    [131000, {}, { kind: 'retry' }],
    [131016, { 'retry-after': '30' }, { kind: 'retry', afterMs: 30_000 }],
    [131047, {}, { kind: 'rejected', reason: expect.stringMatching(/^outside the 24-hour customer service window.*131047/) }],
    [131026, {}, { kind: 'rejected', reason: expect.stringContaining('could not be delivered') }],
    [131051, {}, { kind: 'rejected', reason: expect.stringContaining('131051') }],
    [100, {}, { kind: 'rejected', reason: expect.stringContaining('WhatsApp error 100/33') }],
    [190, {}, { kind: 'rejected', reason: expect.stringMatching(/^the access token was refused/) }],
  ] as const)('classifies WhatsApp error %i', async (code, headers, expected) => {
    fake.answerNext(whatsAppError(code, headers));
    const { outcome } = await send('hello');
    expect(outcome).toMatchObject(expected);
    expect(JSON.stringify(outcome)).not.toContain(ACCESS_TOKEN);
    expect(JSON.stringify(outcome)).not.toContain(APP_SECRET);
  });

  it('retries when the upload fails, sending nothing; and when WhatsApp cannot be reached', async () => {
    fake.answerNext(whatsAppError(131000));
    const { outcome, calls } = await send('', [file('image', 'image/png', 'a.png', new Uint8Array([1]))]);
    expect(outcome.kind).toBe('retry');
    expect(calls.map((c) => c.path)).toEqual([`/v26.0/${PHONE_NUMBER_ID}/media`]);
    const offline = await createWhatsAppSender(providerOptions()).send({
      channel: whatsAppChannel(settings('http://127.0.0.1:9/v26.0')), recipientId: CUSTOMER, message: outgoingMessage(), attachments: [],
    });
    expect(offline).toEqual({ kind: 'retry', afterMs: 15_000, reason: expect.stringContaining('WhatsApp could not be reached') });
  });

  it('rejects a channel without valid settings', async () => {
    const outcome = await sender.send({ channel: whatsAppChannel({}), recipientId: CUSTOMER, message: outgoingMessage(), attachments: [] });
    expect(outcome).toEqual({ kind: 'rejected', reason: 'channel settings are not valid WhatsApp settings' });
  });
});
