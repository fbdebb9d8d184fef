import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundRequest, SendOutcome } from '../../../application/ports/outbound-sender.ts';
import { createCustomProvider, SIGNATURE_HEADER } from '../../../adapters/providers/custom/index.ts';
import { createCustomSender } from '../../../adapters/providers/custom/sender.ts';
import { CustomMessageSchema } from '../../../adapters/providers/custom/payload.ts';
import type { ProviderOptions } from '../../../adapters/providers/provider-module.ts';
import { startFakeCustomEndpoint, type FakeCustomEndpoint } from '../../support/fake-custom-endpoint.ts';
import { attachmentAt, customChannel, NOW, outgoingMessage, providerOptions, SECRET } from './custom-fixtures.ts';

let fake: FakeCustomEndpoint;
beforeAll(async () => { fake = await startFakeCustomEndpoint(SECRET); });
afterAll(() => fake.close());

function send(request: Partial<OutboundRequest> = {}, options: Partial<ProviderOptions> = {}): Promise<SendOutcome> {
  const channel = customChannel({ secret: SECRET, outboundUrl: fake.outboundUrl });
  return createCustomSender(providerOptions(options)).send({ channel, recipientId: 'user-7', message: outgoingMessage(), attachments: [], ...request });
}

const lastPost = () => fake.received[fake.received.length - 1]!;

describe('custom sender', () => {
  it('POSTs the unified JSON, signed, and takes the receiver\'s id', async () => {
    const outcome = await send();
    expect(outcome).toEqual({ kind: 'sent', externalId: `remote-${fake.received.length}` });
    const post = lastPost();
    expect(post.signatureValid).toBe(true);
    expect(post.contentType).toBe('application/json');
    expect(post.json).toEqual({ id: outgoingMessage().id, message: 'Hello from support', recipient: 'user-7', sender: 'shop-bot', timestamp: NOW.getTime() });
    // What we send is what a Switchboard on the other side would accept as a webhook.
    const receiver = createCustomProvider(providerOptions());
    const request = { rawBody: post.rawBody, headers: new Headers({ [SIGNATURE_HEADER]: post.signature ?? '' }) };
    expect(await receiver.verify(customChannel(), request)).toBe(true);
    expect(receiver.parse(customChannel(), post.json, request)).toMatchObject({ ok: true, events: [{ kind: 'message', message: { externalId: outgoingMessage().id, text: 'Hello from support' } }] });
  });

  it('signs non-ASCII text over the bytes it actually sent', async () => {
    await send({ message: outgoingMessage('Grüße / 👋 "quoted" \\ back') });
    expect(lastPost().signatureValid).toBe(true);
    expect((lastPost().json as { message: string }).message).toBe('Grüße / 👋 "quoted" \\ back');
  });

  it.each([
    ['a numeric id', { status: 201, body: '{"id":987}' }, '987'],
    ['no id', { status: 200, body: '{"ok":true}' }, outgoingMessage().id],
    ['a body that is not JSON', { status: 202, body: 'accepted' }, outgoingMessage().id],
    ['an empty body', { status: 204 }, outgoingMessage().id],
  ])('falls back sensibly on a 2xx with %s', async (_name, answer, externalId) => {
    fake.answerNext(answer);
    expect(await send()).toEqual({ kind: 'sent', externalId });
  });

  it('sends attachments with the URLs the composition root gives', async () => {
    const image = attachmentAt(null, { type: 'image', fileName: 'cat.png' });
    const document = attachmentAt('https://cdn.example.com/doc.pdf', { type: 'file' });
    const fileUrl = (a: { id: string }) => (a.id === image.id ? 'https://switchboard.example/files/abc?sig=1' : undefined);
    expect((await send({ attachments: [image, document] }, { fileUrl })).kind).toBe('sent');
    expect((lastPost().json as { attachments: unknown }).attachments).toEqual([
      { uploadUrl: 'https://switchboard.example/files/abc?sig=1', fileType: 'Image', fileName: 'cat.png' },
      { uploadUrl: 'https://cdn.example.com/doc.pdf', fileType: 'File' },
    ]);
    expect(v.safeParse(CustomMessageSchema, lastPost().json).success).toBe(true);
  });

  it('rejects, without posting, an attachment the receiver could not fetch', async () => {
    const before = fake.received.length;
    const outcome = await send({ attachments: [attachmentAt(null, { type: 'image' })] });
    expect(outcome.kind).toBe('rejected');
    expect(outcome.kind === 'rejected' && outcome.reason).toContain('has no URL');
    expect(fake.received).toHaveLength(before);
  });

  it.each([
    ['429 with Retry-After seconds', { status: 429, headers: { 'retry-after': '7' } }, 7_000],
    ['429 with Retry-After as an HTTP date', { status: 429, headers: { 'retry-after': new Date(NOW.getTime() + 90_000).toUTCString() } }, 90_000],
    ['429 without Retry-After', { status: 429 }, 15_000],
    ['503 with Retry-After', { status: 503, headers: { 'retry-after': '120' } }, 120_000],
    ['500', { status: 500, body: 'boom' }, 15_000],
    ['502', { status: 502 }, 15_000],
  ])('retries on %s', async (_name, answer, afterMs) => {
    fake.answerNext(answer);
    const outcome = await send();
    expect(outcome).toMatchObject({ kind: 'retry', afterMs });
    expect(outcome.kind === 'retry' && outcome.reason).toMatch(new RegExp(`^HTTP ${answer.status}`));
  });

  it.each([
    [400, '{"error":"recipient unknown"}', 'HTTP 400 Bad Request: {"error":"recipient unknown"}'],
    [403, '', 'HTTP 403 Forbidden'],
    [422, 'x'.repeat(1000), `HTTP 422 Unprocessable Entity: ${'x'.repeat(200)}…`],
  ])('rejects a %i with the status and a short excerpt', async (status, body, reason) => {
    fake.answerNext({ status, body });
    expect(await send()).toEqual({ kind: 'rejected', reason });
  });

  it('reports a redirect instead of following it with a GET', async () => {
    fake.answerNext({ status: 302, headers: { location: '/elsewhere' } });
    expect(await send()).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('HTTP 302') });
  });

  it('rejects a channel without outboundUrl or with invalid settings', async () => {
    const message = outgoingMessage();
    const sender = createCustomSender(providerOptions());
    expect(await sender.send({ channel: customChannel({ secret: SECRET }), recipientId: 'u', message, attachments: [] }))
      .toEqual({ kind: 'rejected', reason: 'channel has no outboundUrl' });
    expect((await sender.send({ channel: customChannel({ outboundUrl: fake.outboundUrl }), recipientId: 'u', message, attachments: [] })).kind)
      .toBe('rejected');
  });

  it('retries after the default delay when the receiver times out', async () => {
    const channel = customChannel({ secret: SECRET, outboundUrl: fake.hangingUrl });
    const sender = createCustomSender(providerOptions({ timeoutMs: 300 }));
    expect(await sender.send({ channel, recipientId: 'u', message: outgoingMessage(), attachments: [] }))
      .toEqual({ kind: 'retry', afterMs: 15_000, reason: 'timed out' });
  });

  it('retries when nothing listens', async () => {
    const gone = await startFakeCustomEndpoint(SECRET);
    await gone.close();
    const channel = customChannel({ secret: SECRET, outboundUrl: `${gone.outboundUrl}?token=${SECRET}` });
    const outcome = await createCustomSender(providerOptions()).send({ channel, recipientId: 'u', message: outgoingMessage(), attachments: [] });
    expect(outcome).toEqual({ kind: 'retry', afterMs: 15_000, reason: 'network error (ECONNREFUSED)' });
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });
});
