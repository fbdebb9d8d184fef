import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadOutcome } from '../../../application/ports/attachment-loader.ts';
import { createCustomAttachmentLoader } from '../../../adapters/providers/custom/attachments.ts';
import { startFakeCustomEndpoint, type FakeCustomEndpoint } from '../../support/fake-custom-endpoint.ts';
import { attachmentAt, customChannel, providerOptions, SECRET } from './custom-fixtures.ts';

const MAX = 10_000;
let fake: FakeCustomEndpoint;
beforeAll(async () => { fake = await startFakeCustomEndpoint(SECRET); });
afterAll(() => fake.close());

const bytesOf = (size: number) => Uint8Array.from({ length: size }, (_, i) => i % 251);
const load = (url: string | null, fileName: string | null = null, maxBytes = MAX): Promise<LoadOutcome> =>
  createCustomAttachmentLoader(providerOptions()).load(customChannel(), attachmentAt(url, { fileName }), maxBytes);

describe('custom attachment loader', () => {
  it('downloads the bytes with their MIME type and the name the message gave', async () => {
    const url = fake.serveFile('photo-1', { bytes: bytesOf(3000), headers: { 'content-type': 'image/png' } });
    expect(await load(url, 'cat.png')).toEqual({ kind: 'loaded', bytes: bytesOf(3000), mimeType: 'image/png', fileName: 'cat.png' });
  });

  it('names the file from Content-Disposition, else from the URL\'s last segment', async () => {
    const disposition = { 'content-disposition': 'attachment; filename="fallback.bin"; filename*=UTF-8\'\'%D0%BE%D1%82%D1%87%D1%91%D1%82.pdf' };
    const named = fake.serveFile('d1', { bytes: bytesOf(10), headers: disposition });
    expect(await load(named)).toMatchObject({ kind: 'loaded', fileName: 'отчёт.pdf' });
    const plain = fake.serveFile('report 2024.pdf', { bytes: bytesOf(10), headers: { 'content-type': 'application/pdf' } });
    expect(await load(`${plain}?sig=abc`)).toMatchObject({ kind: 'loaded', fileName: 'report 2024.pdf', mimeType: 'application/pdf' });
  });

  it('falls back to application/octet-stream for a missing or malformed Content-Type', async () => {
    const url = fake.serveFile('odd', { bytes: bytesOf(10), headers: { 'content-type': 'not a mime type' } });
    expect(await load(url)).toMatchObject({ kind: 'loaded', mimeType: 'application/octet-stream' });
  });

  it('downloads a chunked body without Content-Length within the limit, and one of exactly the limit', async () => {
    const chunked = fake.serveFile('chunked-ok', { bytes: bytesOf(MAX - 1), chunked: true });
    expect(await load(chunked)).toMatchObject({ kind: 'loaded', bytes: bytesOf(MAX - 1) });
    const exact = fake.serveFile('exact', { bytes: bytesOf(MAX) });
    expect(await load(exact)).toMatchObject({ kind: 'loaded', bytes: bytesOf(MAX) });
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const url = fake.serveFile('big', { bytes: bytesOf(MAX + 1) });
    expect(await load(url)).toEqual({ kind: 'not_downloadable', reason: `the file is ${MAX + 1} bytes, over the limit of ${MAX} bytes` });
  });

  it('cuts off a chunked body as soon as it passes the limit', async () => {
    const url = fake.serveFile('big-chunked', { bytes: bytesOf(MAX + 1), chunked: true });
    expect(await load(url)).toEqual({ kind: 'not_downloadable', reason: `the file is over the limit of ${MAX} bytes` });
  });

  it('stops reading a body that never ends', async () => {
    // This test can only finish if the loader cancels the stream.
    const url = fake.serveFile('endless', { endless: true });
    expect(await load(url, null, 1_000_000)).toEqual({ kind: 'not_downloadable', reason: 'the file is over the limit of 1000000 bytes' });
  });

  it.each([
    [404, undefined, { kind: 'not_downloadable', reason: 'HTTP 404' }],
    [410, undefined, { kind: 'not_downloadable', reason: 'HTTP 410' }],
    [403, undefined, { kind: 'not_downloadable', reason: 'HTTP 403' }],
    [429, { 'retry-after': '30' }, { kind: 'retry', reason: 'HTTP 429', afterMs: 30_000 }],
    [503, undefined, { kind: 'retry', reason: 'HTTP 503', afterMs: undefined }],
    [500, undefined, { kind: 'retry', reason: 'HTTP 500', afterMs: undefined }],
  ])('answers HTTP %i as %j', async (status, headers, outcome) => {
    const url = fake.serveFile(`status-${status}`, { status, bytes: bytesOf(20), headers });
    expect(await load(url)).toEqual(outcome);
  });

  it('retries when the server is unreachable or too slow, without the URL in the reason', async () => {
    const gone = await startFakeCustomEndpoint(SECRET);
    await gone.close();
    expect(await load(`${gone.baseUrl}/files/x?token=${SECRET}`)).toEqual({ kind: 'retry', reason: 'network error (ECONNREFUSED)' });
    const slow = createCustomAttachmentLoader(providerOptions({ timeoutMs: 300 }));
    expect(await slow.load(customChannel(), attachmentAt(fake.hangingUrl), MAX)).toEqual({ kind: 'retry', reason: 'timed out' });
  });

  it.each([null, 'file-id-123', 'ftp://example.com/f', 'file:///etc/passwd'])('will not fetch a sourceRef of %j', async (sourceRef) => {
    expect(await load(sourceRef)).toEqual({ kind: 'not_downloadable', reason: 'the attachment has no http(s) uploadUrl' });
  });
});
