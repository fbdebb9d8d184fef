import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { startFakeCustomEndpoint, type FakeCustomEndpoint } from '../support/fake-custom-endpoint.ts';
import { ADMIN_TOKEN, createTestApp, type TestAppOptions } from '../support/test-app.ts';
import { availableTestDatabaseKinds, openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, expectErrorBody, newSecret } from './requests.ts';

interface AttachmentView { id: string; type: string; mimeType: string | null; fileName: string | null; fileSize: number | null; fileId: string | null; downloadState: string; downloadError: string | null }
interface MessageView { attachments: AttachmentView[] }
interface Page<T> { items: T[]; nextCursor: string | null }

const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

// Attachments of custom messages: stored after the ack by a durable job, then served by GET /files/:id; agents' uploads by POST /files.
describe.each(availableTestDatabaseKinds())('attachments and files on %s', (kind) => {
  let db: TestDatabase;
  let remote: FakeCustomEndpoint;
  beforeAll(async () => {
    remote = await startFakeCustomEndpoint(newSecret());
    db = await openTestDatabase({ kind });
  });
  afterAll(async () => {
    await db?.close();
    await remote?.close();
  });
  beforeEach(async () => { await db.clear(); });

  async function setUp(options: TestAppOptions = {}) {
    const test = await createTestApp(db, options);
    onTestFinished(() => test.close());
    const client = clientOf(test.app);
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    const postWith = async (attachments: unknown[]) => {
      const answer = await client.webhook(channel.id, customMessage({ attachments }), { secret });
      expect(answer.status, answer.text).toBe(200);
    };
    const attachments = async () => {
      const [chat] = dataOf<Page<{ id: string }>>(await client.query('chats.list', {})).items;
      const [message] = dataOf<Page<MessageView>>(await client.query('chats.history', { chatId: chat!.id })).items;
      return message!.attachments;
    };
    const storedFiles = async () => (await readdir(test.filesDir).catch(() => [])).filter((name) => !name.endsWith('.json'));
    return { ...test, client, postWith, attachments, storedFiles };
  }

  const jobs = async () => db.database.orm.em.fork().execute<Array<{ state: string; attempts: number; last_error: string | null }>>(
    'select state, attempts, last_error from job');

  it('downloads an attachment after the ack when due jobs run, then serves it to token holders only', async () => {
    const { postWith, attachments, runDueJobs, client, app } = await setUp();
    const bytes = new Uint8Array(randomBytes(3000));
    const uploadUrl = remote.serveFile(`cat-${kind}.png`, { bytes, headers: { 'content-type': 'image/png' } });
    await postWith([{ uploadUrl, fileType: 'Image', fileName: 'cat.png' }]);
    expect(await attachments()).toEqual([expect.objectContaining({ fileId: null, downloadState: 'pending' })]);
    expect(await runDueJobs()).toBe(1);
    const [attachment] = await attachments();
    expect(attachment).toMatchObject({ type: 'image', mimeType: 'image/png', fileName: 'cat.png', fileSize: 3000, downloadState: 'done' });
    expect(attachment!.fileId).toEqual(expect.any(String));
    expect(await jobs()).toEqual([]);
    expect(await runDueJobs()).toBe(0);

    const served = await download(app, `/files/${attachment!.fileId}`);
    expect(served.status).toBe(200);
    expect(served.mimeType).toBe('image/png');
    expect(served.bytes).toEqual(bytes);

    expectErrorBody(await client.request(`/files/${attachment!.fileId}`), 401);
    expectErrorBody(await client.request(`/files/${attachment!.fileId}`, { headers: { authorization: 'Bearer not-the-token-0123456789' } }), 401);
    expectErrorBody(await client.request(`/files/${uuidIds.next()}`, { headers: bearer }), 404);
    for (const id of [`${attachment!.fileId}.json`, '..%2F..%2Fpackage.json', '%2Fetc%2Fpasswd', 'x'.repeat(300)]) {
      expectErrorBody(await client.request(`/files/${id}`, { headers: bearer }), 404);
    }
  });

  it('downloads every attachment of a message', async () => {
    const { postWith, attachments, runDueJobs } = await setUp();
    const first = remote.serveFile(`a-${kind}.txt`, { bytes: new TextEncoder().encode('first'), headers: { 'content-type': 'text/plain' } });
    const second = remote.serveFile(`b-${kind}.pdf`, { bytes: new TextEncoder().encode('%PDF-second'), headers: { 'content-type': 'application/pdf' }, chunked: true });
    await postWith([{ uploadUrl: first, fileType: 'File' }, { uploadUrl: second, fileType: 'File', fileName: 'report.pdf' }]);
    expect(await runDueJobs()).toBe(2);
    const stored = await attachments();
    expect(stored.map((a) => [a.downloadState, a.fileSize, a.mimeType])).toEqual([['done', 5, 'text/plain'], ['done', 11, 'application/pdf']]);
    expect(stored.every((a) => a.fileId !== null)).toBe(true);
  });

  it('records an attachment over the size limit as not_downloadable and does not retry it', async () => {
    const { postWith, attachments, runDueJobs, storedFiles } = await setUp({ attachmentLimitBytes: 1024 });
    const big = new Uint8Array(5000).fill(7);
    const declared = remote.serveFile(`big-${kind}.bin`, { bytes: big });
    const undeclared = remote.serveFile(`big-chunked-${kind}.bin`, { bytes: big, chunked: true });
    const gone = remote.serveFile(`gone-${kind}.bin`, { status: 404 });
    await postWith([{ uploadUrl: declared, fileType: 'File' }, { uploadUrl: undeclared, fileType: 'File' }, { uploadUrl: gone, fileType: 'File' }]);
    expect(await runDueJobs()).toBe(3);
    const stored = await attachments();
    expect(stored.map((a) => [a.downloadState, a.fileId])).toEqual([['not_downloadable', null], ['not_downloadable', null], ['not_downloadable', null]]);
    expect(stored[0]!.downloadError).toMatch(/limit/);
    expect(stored[1]!.downloadError).toMatch(/limit/);
    expect(await jobs()).toEqual([]);
    expect(await runDueJobs()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it('keeps a download that failed for now pending with its reason, due again only after the server\'s Retry-After', async () => {
    const { postWith, attachments, runDueJobs } = await setUp();
    // Retry-After keeps the retry out of this test's reach however slow the machine is (no timing in the assertion).
    const busy = remote.serveFile(`busy-${kind}.bin`, { status: 503, headers: { 'retry-after': '3600' } });
    await postWith([{ uploadUrl: busy, fileType: 'File' }]);
    expect(await runDueJobs()).toBe(1);
    expect(await jobs()).toEqual([{ state: 'pending', attempts: 1, last_error: expect.stringContaining('503') }]);
    expect((await attachments())[0]).toMatchObject({ downloadState: 'pending', fileId: null });
    const [due] = await db.database.orm.em.fork().execute<Array<{ run_at: Date }>>('select run_at from job');
    expect(new Date(due!.run_at).getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('stores an agent upload from POST /files and serves it back; 401 without a token; 413 over the limit', async () => {
    const limit = 2048;
    const { client, app, storedFiles } = await setUp({ fileLimitBytes: limit });
    const bytes = new Uint8Array(randomBytes(limit));
    const upload = (body: BodyInit, headers: Record<string, string> = bearer, extra: Record<string, unknown> = {}) =>
      client.request('/files?name=r%C3%A9sum%C3%A9.pdf', { method: 'POST', headers: { 'content-type': 'application/pdf', ...headers }, body, ...extra } as RequestInit);
    const created = await upload(bytes);
    expect(created.status, created.text).toBe(200);
    const { id } = created.json as { id: string };
    expect(id).toEqual(expect.any(String));
    const served = await download(app, `/files/${id}`);
    expect(served).toMatchObject({ status: 200, mimeType: 'application/pdf', bytes });
    expect(served.disposition).toContain("filename*=UTF-8''r%C3%A9sum%C3%A9.pdf");
    expect(await storedFiles()).toEqual([id]);

    // An uploaded page must never run as ours: always a download, sandboxed, never sniffed.
    const page = await client.request('/files?name=..%2F..%2Fevil%22%0D%0AX-Injected%3A%201.html', {
      method: 'POST', headers: { ...bearer, 'content-type': 'text/html' }, body: '<script>alert(1)</script>',
    });
    const pageId = (page.json as { id: string }).id;
    const servedPage = await client.request(`/files/${pageId}`, { headers: bearer });
    expect(servedPage.text).toBe('<script>alert(1)</script>');
    expect(servedPage.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"\r\n]*"/);
    expect(servedPage.headers.get('x-injected')).toBeNull();
    expect(servedPage.headers.get('x-content-type-options')).toBe('nosniff');
    expect(servedPage.headers.get('content-security-policy')).toContain('sandbox');

    expectErrorBody(await upload(bytes, {}), 401);
    expectErrorBody(await upload(bytes, { authorization: 'Bearer nope-nope-nope-nope' }), 401);
    const over = new Uint8Array(limit + 1);
    expectErrorBody(await upload(over), 413);
    const stream = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(over.slice(0, 1000)); c.enqueue(over.slice(1000)); c.close(); } });
    expectErrorBody(await upload(stream, bearer, { duplex: 'half' }), 413);
    expect((await storedFiles()).sort()).toEqual([id, pageId].sort());
  });
});

/** What GET /files/:id answers with the admin token, bytes unharmed by text decoding. */
async function download(app: Hono, path: string) {
  const response = await app.request(path, { headers: bearer });
  return {
    status: response.status,
    mimeType: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}
