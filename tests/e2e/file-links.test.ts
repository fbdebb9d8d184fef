import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it, onTestFinished } from 'vitest';
import { FILE_LINK_TTL_MS, signedFileUrl } from '../../adapters/http/file-links.ts';
import { startFakeCustomEndpoint, type FakeCustomEndpoint } from '../support/fake-custom-endpoint.ts';
import { ADMIN_TOKEN, createTestApp, type TestAppOptions } from '../support/test-app.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, newSecret } from './requests.ts';

// Signed links let a messenger fetch an agent's outgoing attachment by URL, without a token, until they expire.
const PUBLIC_URL = 'https://switchboard.example';
const LINK_SECRET = 'file-link-secret-0123456789abcdef0123456789';
const secret = newSecret();
let db: TestDatabase;
let receiver: FakeCustomEndpoint;
beforeAll(async () => {
  db = await openTestDatabase({ kind: 'pglite' });
  receiver = await startFakeCustomEndpoint(secret);
});
afterAll(async () => {
  await db?.close();
  await receiver?.close();
});
beforeEach(async () => { await db.clear(); });

async function setUp(options: TestAppOptions = { publicUrl: PUBLIC_URL, fileLinkSecret: LINK_SECRET }) {
  const test = await createTestApp(db, options);
  onTestFinished(() => test.close());
  const bytes = new Uint8Array(randomBytes(512));
  const upload = await test.app.request('/files?name=plan.pdf', {
    method: 'POST', body: bytes, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/pdf' },
  });
  const { id } = (await upload.json()) as { id: string };
  const open = (url: string) => test.app.request(url.slice(PUBLIC_URL.length));
  return { ...test, bytes, fileId: id, open };
}

it('opens a file through a signed link without a token, and refuses tampered, foreign and expired links', async () => {
  const { fileId, bytes, open } = await setUp();
  const link = signedFileUrl(PUBLIC_URL, LINK_SECRET, fileId, new Date());
  const served = await open(link);
  expect(served.status).toBe(200);
  expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  const tampered = link.slice(0, -1) + (link.endsWith('0') ? '1' : '0');
  expect((await open(tampered)).status).toBe(401);
  expect((await open(signedFileUrl(PUBLIC_URL, 'another-secret-0123456789abcdef0123', fileId, new Date()))).status).toBe(401);
  expect((await open(signedFileUrl(PUBLIC_URL, LINK_SECRET, fileId, new Date(Date.now() - FILE_LINK_TTL_MS - 60_000)))).status).toBe(401);
});

it('gives no way in without a link secret: the signature is ignored and a token is required', async () => {
  const { fileId, open } = await setUp({ publicUrl: PUBLIC_URL });
  expect((await open(signedFileUrl(PUBLIC_URL, LINK_SECRET, fileId, new Date()))).status).toBe(401);
});

it("sends an agent's attachment to a custom channel's receiver as a signed link it can open", async () => {
  const { app, fileId, bytes, open, runDueJobs } = await setUp();
  const client = clientOf(app);
  const channel = await createCustomChannel(client, { secret, outboundUrl: receiver.outboundUrl });
  expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(200);
  const [chat] = dataOf<{ items: Array<{ id: string }> }>(await client.query('chats.list', {})).items;
  dataOf(await client.mutation('messages.send', { chatId: chat!.id, text: 'the plan', attachments: [{ fileId }] }));
  await runDueJobs();
  const posted = receiver.received.at(-1)?.json as { attachments?: Array<{ uploadUrl: string }> };
  const uploadUrl = posted.attachments?.[0]?.uploadUrl ?? '';
  expect(uploadUrl.startsWith(`${PUBLIC_URL}/files/${fileId}?`)).toBe(true);
  expect(new Uint8Array(await (await open(uploadUrl)).arrayBuffer())).toEqual(bytes);
});
