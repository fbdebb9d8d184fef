import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attachment } from '../../../../domain/attachment.ts';
import type { AttachmentId, MessageId } from '../../../../domain/ids.ts';
import { graphErrors, startFakeGraph, type FakeGraph } from '../../../support/fake-graph-messenger.ts';
import { facebookChannel, facebookSettings, PAGE_ID, PAGE_TOKEN, provider, PSID } from './fixtures.ts';

let graph: FakeGraph;
beforeAll(async () => { graph = await startFakeGraph({ id: PAGE_ID, name: 'Shop Page', token: PAGE_TOKEN }); });
afterAll(() => graph.close());

const channel = (overrides: Record<string, unknown> = {}, source = PAGE_ID) => facebookChannel({ ...facebookSettings(graph.baseUrl), ...overrides }, source);
const PICTURE = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7]);

// @see https://developers.facebook.com/docs/messenger-platform/identity/user-profile
describe('facebook profile lookup', () => {
  const lookup = (psid: string, overrides: Record<string, unknown> = {}) => provider().profiles!.lookup(channel(overrides), psid);

  it('asks Graph for first_name, last_name and profile_pic with the page token, and brings the picture as bytes', async () => {
    const pic = graph.serveFile('pic.jpg', PICTURE, 'image/jpeg');
    graph.profiles.set(PSID, { first_name: 'Peter', last_name: 'Chang', profile_pic: `${pic}?hash=AeS&ext=1700000000` });
    expect(await lookup(PSID)).toEqual({ firstName: 'Peter', lastName: 'Chang', avatar: { bytes: PICTURE, mimeType: 'image/jpeg' } });
    expect(graph.calls.at(-1)).toMatchObject({ method: 'GET', path: `/${PSID}`, query: { fields: 'first_name,last_name,profile_pic' }, authorization: `Bearer ${PAGE_TOKEN}` });
  });

  it('keeps the names when the picture cannot be had, and gives no URL in its place', async () => {
    graph.profiles.set('7001', { first_name: 'Ann', profile_pic: graph.serveFile('gone.jpg', new Uint8Array(), 'image/jpeg', 404) });
    expect(await lookup('7001')).toEqual({ firstName: 'Ann', lastName: undefined });
  });

  it('says it does not know a person Graph does not know, and throws (for a retry) on limits, 5xx and a refused token', async () => {
    expect(await lookup('404404')).toBeUndefined();
    graph.answerNext(graphErrors.rateLimited({ 'retry-after': '5' }));
    await expect(lookup(PSID)).rejects.toThrow(/rate limit/);
    graph.answerNext(graphErrors.transient());
    await expect(lookup(PSID)).rejects.toThrow(/An unexpected error/);
    const refused = await lookup(PSID, { pageAccessToken: 'EAAGwrong-token-0123456789' }).catch((error: Error) => error.message);
    expect(refused).toMatch(/page access token was refused/);
    expect(refused).not.toMatch(/EAAG/);
  });
});

// @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
describe('facebook attachment loader', () => {
  const at = (sourceRef: string | null) => new Attachment({
    id: '01900000-0000-7000-8000-000000000a01' as AttachmentId, messageId: '01900000-0000-7000-8000-000000000b01' as MessageId, type: 'file', sourceRef,
  });

  it('downloads payload.url without sending the page token, size-limited', async () => {
    const url = graph.serveFile('report 2024.pdf', new Uint8Array([37, 80, 68, 70]), 'application/pdf');
    const before = graph.calls.length;
    expect(await provider().attachments!.load(channel(), at(url), 1024)).toEqual({
      kind: 'loaded', bytes: new Uint8Array([37, 80, 68, 70]), mimeType: 'application/pdf', fileName: 'report 2024.pdf',
    });
    expect(graph.calls.length).toBe(before);
    expect(await provider().attachments!.load(channel(), at(url), 2)).toMatchObject({ kind: 'not_downloadable' });
  });

  it('records an expired URL (4xx) as not downloadable, and a missing or non-http one likewise', async () => {
    expect(await provider().attachments!.load(channel(), at(`${graph.baseUrl.replace('/v26.0', '')}/cdn/expired.jpg`), 1024)).toMatchObject({ kind: 'not_downloadable', reason: 'HTTP 403' });
    expect(await provider().attachments!.load(channel(), at(null), 1024)).toMatchObject({ kind: 'not_downloadable' });
    expect(await provider().attachments!.load(channel(), at('file:///etc/passwd'), 1024)).toMatchObject({ kind: 'not_downloadable' });
  });
});

// @see https://developers.facebook.com/docs/graph-api/reference/page/
describe('facebook connector', () => {
  it('is ok when the token is the channel Page\'s (GET /me?fields=id,name)', async () => {
    expect(await provider().connector!.connect(channel())).toEqual({ ok: true, detail: null });
    expect(graph.calls.at(-1)).toMatchObject({ method: 'GET', path: '/me', query: { fields: 'id,name' } });
  });

  it('fails, saying why, for another Page\'s token, a refused token, an unreachable Graph', async () => {
    expect(await provider().connector!.connect(channel({}, '999'))).toEqual({ ok: false, detail: `the token belongs to page ${PAGE_ID}, not to page 999` });
    expect(await provider().connector!.connect(channel({ pageAccessToken: 'EAAGwrong-token-0123456789' }))).toEqual({ ok: false, detail: 'the page access token was refused (invalid or expired)' });
    expect(await provider().connector!.connect(channel({ apiBaseUrl: 'http://127.0.0.1:1/v26.0' }))).toMatchObject({ ok: false, detail: expect.stringMatching(/could not be reached/) });
    await expect(provider().connector!.disconnect(channel())).resolves.toBeUndefined();
  });
});
