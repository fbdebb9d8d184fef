import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundRequest, SendOutcome } from '../../../../application/ports/outbound-sender.ts';
import { Attachment, type AttachmentType } from '../../../../domain/attachment.ts';
import type { AttachmentId } from '../../../../domain/ids.ts';
import { PAGE_INBOX_APP_ID } from '../../../../adapters/providers/facebook/index.ts';
import type { ProviderOptions } from '../../../../adapters/providers/provider-module.ts';
import { graphErrors, startFakeGraph, type FakeGraph } from '../../../support/fake-graph-messenger.ts';
import { facebookChannel, facebookSettings, outgoingMessage, PAGE_ID, PAGE_TOKEN, provider, PSID } from './fixtures.ts';

// @see https://developers.facebook.com/docs/messenger-platform/reference/send-api
let graph: FakeGraph;
beforeAll(async () => { graph = await startFakeGraph({ id: PAGE_ID, token: PAGE_TOKEN }); });
afterAll(() => graph.close());

const OUR_ID = outgoingMessage().id;
let attachments = 0;
const attachment = (type: AttachmentType, init: { bytes?: Uint8Array; mimeType?: string; fileName?: string } = {}) => Object.assign(new Attachment({
  id: `01900000-0000-7000-8000-${String((attachments += 1)).padStart(12, '0')}` as AttachmentId, messageId: OUR_ID, type, sourceRef: null,
  mimeType: init.mimeType ?? null, fileName: init.fileName ?? null,
}), init.bytes ? { bytes: init.bytes } : {});

function send(request: Partial<OutboundRequest> = {}, options: Partial<ProviderOptions> = {}, settings = facebookSettings(graph.baseUrl)): Promise<SendOutcome> {
  return provider(options).sender!.send({ channel: facebookChannel(settings), recipientId: PSID, message: outgoingMessage(), attachments: [], ...request });
}

const lastCall = () => graph.calls.at(-1)!;

describe('facebook sender', () => {
  it('POSTs a RESPONSE text to /me/messages with our message id as metadata, the token as a Bearer header only', async () => {
    const outcome = await send();
    expect(outcome).toEqual({ kind: 'sent', externalId: expect.stringMatching(/^m_fake-/) });
    expect(lastCall()).toMatchObject({
      method: 'POST', path: '/me/messages', query: {}, authorization: `Bearer ${PAGE_TOKEN}`,
      json: { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Hello from support', metadata: OUR_ID } },
    });
  });

  it('uploads an attachment with bytes as multipart filedata', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const outcome = await send({ message: outgoingMessage(''), attachments: [attachment('image', { bytes, mimeType: 'image/png', fileName: 'shirt.png' })] });
    expect(outcome.kind).toBe('sent');
    const { form } = lastCall();
    expect(JSON.parse(form!.fields.recipient!)).toEqual({ id: PSID });
    expect(form!.fields.messaging_type).toBe('RESPONSE');
    expect(JSON.parse(form!.fields.message!)).toEqual({ attachment: { type: 'image', payload: { is_reusable: false } }, metadata: OUR_ID });
    expect(form!.file).toEqual({ name: 'shirt.png', type: 'image/png', bytes });
  });

  it('sends an attachment without bytes by the URL the service gives, after the text; the first mid names the message', async () => {
    const before = graph.calls.length;
    const outcome = await send({ attachments: [attachment('file')] }, { fileUrl: (a) => `https://switchboard.example/files/${a.id}?sig=x` });
    const calls = graph.calls.slice(before);
    expect(calls.map((c) => (c.json as { message: unknown }).message)).toEqual([
      { text: 'Hello from support', metadata: OUR_ID },
      { attachment: { type: 'file', payload: { url: expect.stringMatching(/^https:\/\/switchboard\.example\/files\//), is_reusable: false } }, metadata: OUR_ID },
    ]);
    expect(outcome).toEqual({ kind: 'sent', externalId: expect.stringMatching(/^m_fake-/) });
  });

  it('refuses, without calling Graph, what Messenger cannot take', async () => {
    const before = graph.calls.length;
    expect(await send({ attachments: [attachment('video')] })).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/neither its bytes nor a URL/) });
    expect(await send({ message: outgoingMessage('x'.repeat(2001)) })).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/2001 characters.*at most 2000/) });
    expect(await send({ message: outgoingMessage('  ') })).toMatchObject({ kind: 'rejected', reason: 'the message has no text and no attachments' });
    expect(await send({}, {}, { verifyToken: 'x' })).toMatchObject({ kind: 'rejected' });
    expect(graph.calls.length).toBe(before);
  });

  it.each([
    ['outside the 24-hour window', graphErrors.outsideWindow(), /outside the 24-hour window.*RESPONSE.*code 10, subcode 2018278/],
    ['a person not available', graphErrors.unavailable(), /not available.*code 551/],
    ['no matching user', graphErrors.noMatchingUser(), /no matching user.*code 100, subcode 2018001/],
    ['a refused token', graphErrors.invalidToken(), /page access token was refused.*code 190/],
  ])('rejects %s with a readable reason', async (_name, answer, reason) => {
    graph.answerNext(answer);
    const outcome = await send();
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(reason) });
    expect(JSON.stringify(outcome)).not.toContain(PAGE_TOKEN);
  });

  it('rejects with the real token refusal when the channel holds a wrong token, naming no token', async () => {
    const outcome = await send({}, {}, { ...facebookSettings(graph.baseUrl), pageAccessToken: 'EAAGwrong-token-0123456789' });
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/page access token was refused/) });
    expect(JSON.stringify(outcome)).not.toMatch(/EAAG/);
  });

  it("retries rate limits after Retry-After, else the usage headers' minutes, else the default delay", async () => {
    graph.answerNext(graphErrors.rateLimited({ 'retry-after': '7' }));
    expect(await send()).toMatchObject({ kind: 'retry', afterMs: 7000, reason: expect.stringMatching(/^rate limited: .*code 613/) });
    graph.answerNext(graphErrors.rateLimited({ 'x-business-use-case-usage': JSON.stringify({ [PAGE_ID]: [{ type: 'messenger', call_count: 100, total_cputime: 2, total_time: 3, estimated_time_to_regain_access: 3 }] }) }, 80006));
    expect(await send()).toMatchObject({ kind: 'retry', afterMs: 180_000 });
    graph.answerNext(graphErrors.rateLimited({}, 4, 403), { status: 429, body: 'slow down' });
    expect(await send()).toMatchObject({ kind: 'retry', afterMs: 15_000 });
    expect(await send()).toMatchObject({ kind: 'retry', afterMs: 15_000, reason: expect.stringMatching(/HTTP 429/) });
  });

  it('retries 5xx answers and transient Graph codes; rejects other 4xx by what they say', async () => {
    graph.answerNext(graphErrors.transient(), { status: 502, body: '<html>Bad gateway</html>' }, { status: 400, body: { error: { message: 'Please retry', code: 1 } } });
    for (let i = 0; i < 3; i += 1) expect(await send()).toMatchObject({ kind: 'retry', afterMs: 15_000 });
    graph.answerNext({ status: 400, body: { error: { message: `(#100) Param message[text] must be UTF-8 encoded; token ${PAGE_TOKEN}`, type: 'OAuthException', code: 100, fbtrace_id: 'Atrace' } } });
    const outcome = await send();
    expect(outcome).toEqual({ kind: 'rejected', reason: 'the Graph API refused the call (HTTP 400): (#100) Param message[text] must be UTF-8 encoded; token [redacted] (code 100, fbtrace_id Atrace)' });
  });

  it('retries when Graph cannot be reached', async () => {
    const outcome = await send({}, {}, facebookSettings('http://127.0.0.1:1/v26.0'));
    expect(outcome).toMatchObject({ kind: 'retry', afterMs: 15_000, reason: expect.stringMatching(/network error/) });
  });

  it('reports a later part that fails as rejected with what went out, so a retry never repeats the sent text', async () => {
    graph.answerNext({ status: 200, body: { recipient_id: PSID, message_id: 'm_first' } }, graphErrors.transient());
    const outcome = await send({ attachments: [attachment('image', { bytes: new Uint8Array([1]), mimeType: 'image/png' })] });
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/^sent in part \(1 of 2, first as m_first\), then: .*not retried/) });
  });

  it('passes the thread to the Page Inbox (pass_thread_control)', async () => {
    const sender = provider().sender!;
    expect(await sender.passControlToPrimaryReceiver!(facebookChannel(facebookSettings(graph.baseUrl)), PSID)).toEqual({ kind: 'sent', externalId: '' });
    expect(lastCall()).toMatchObject({ method: 'POST', path: '/me/pass_thread_control', json: { recipient: { id: PSID }, target_app_id: PAGE_INBOX_APP_ID } });
    graph.answerNext(graphErrors.rateLimited({ 'retry-after': '3' }));
    expect(await sender.passControlToPrimaryReceiver!(facebookChannel(facebookSettings(graph.baseUrl)), PSID)).toMatchObject({ kind: 'retry', afterMs: 3000 });
  });
});
