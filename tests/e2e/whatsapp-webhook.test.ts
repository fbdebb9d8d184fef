import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { ContactId } from '../../domain/ids.ts';
import { signWhatsAppBody } from '../../adapters/providers/whatsapp/index.ts';
import { startFakeWhatsApp, type FakeWhatsApp } from '../support/fake-whatsapp.ts';
import { ADMIN_TOKEN, createTestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import {
  ACCESS_TOKEN, APP_SECRET, CONTENTS, CUSTOMER, OTHER_NUMBER_ID, PHONE_NUMBER_ID, VERIFY_TOKEN, message, messagesValue, settings, status, webhook,
} from '../adapters/providers/whatsapp/fixtures.ts';
import { NOTHING_STORED, storedCounts } from './custom-channel.ts';
import { clientOf, dataOf, expectErrorBody, type ChannelView } from './requests.ts';

interface Page<T> { items: T[]; nextCursor: string | null }
interface AttachmentView { type: string; sourceRef: string | null; fileId: string | null; mimeType: string | null }
interface MessageView { id: string; type: string; text: string; externalId: string | null; sentAt: string; status: string | null; sender: { externalId: string } | null; attachments: AttachmentView[] }
interface ChatView { id: string; channelId: string; contactId: string }

// The public routes of DESIGN for WhatsApp, through the real app on the test database(s), the Cloud API faked locally.
describe.each(availableTestDatabaseKinds())('whatsapp webhook on %s', (kind) => {
  let db: TestDatabase;
  let fake: FakeWhatsApp;
  beforeAll(async () => { [fake, db] = await Promise.all([startFakeWhatsApp(ACCESS_TOKEN, PHONE_NUMBER_ID), openTestDatabase({ kind })]); });
  afterAll(async () => { await Promise.all([db?.close(), fake?.close()]); });
  beforeEach(async () => { await db.clear(); });

  async function setUp() {
    const test = await createTestApp(db);
    onTestFinished(() => test.close());
    const client = clientOf(test.app);
    const create = async (source: string) => dataOf<ChannelView & { publicSettings: unknown; connection: { state: string; detail: string } }>(
      await client.mutation('channels.create', { name: `WhatsApp ${source}`, provider: 'whatsapp', source, settings: settings(fake.baseUrl) }));
    const channel = await create(PHONE_NUMBER_ID);
    const post = (body: unknown, signature?: string | null, channelId = channel.id) => {
      const bytes = new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
      const sign = signature === undefined ? signWhatsAppBody(APP_SECRET, bytes) : signature;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(sign === null ? {} : { 'x-hub-signature-256': sign }) };
      return client.request(`/webhooks/whatsapp/${channelId}`, { method: 'POST', headers, body: bytes });
    };
    const chats = async () => dataOf<Page<ChatView>>(await client.query('chats.list', {})).items;
    const history = async (chatId?: string) => dataOf<Page<MessageView>>(await client.query('chats.history', { chatId: chatId ?? (await chats())[0]?.id, limit: 100 })).items;
    return { ...test, client, channel, create, post, chats, history };
  }

  it('answers the subscription handshake as text/plain, 403 otherwise; the channel shows its verify token and a working connection, no secret', async () => {
    const { client, channel } = await setUp();
    const handshake = (query: Record<string, string>) => client.request(`/webhooks/whatsapp/${channel.id}?${new URLSearchParams(query)}`);
    const ok = await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect([ok.status, ok.text, ok.headers.get('content-type')]).toEqual([200, '1158201444', expect.stringContaining('text/plain')]);
    expect((await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' })).status).toBe(403);
    expect(channel.publicSettings).toEqual({ verifyToken: VERIFY_TOKEN, apiBaseUrl: fake.baseUrl });
    expect(channel.connection).toMatchObject({ state: 'ok', detail: '+1 555-078-3881 (Switchboard Test)' });
    expect(JSON.stringify(channel)).not.toContain(ACCESS_TOKEN);
    expect(JSON.stringify(channel)).not.toContain(APP_SECRET);
  });

  it('stores a signed message once, named after the WhatsApp profile, however often it is redelivered', async () => {
    const { post, history, chats, events, loggedErrors } = await setUp();
    const body = webhook(messagesValue([message('text', CONTENTS.text, { id: 'wamid.E2E-1', timestamp: '1749416383' })]));
    for (let i = 0; i < 3; i += 1) expect((await post(body)).status).toBe(200);
    expect(await history()).toEqual([expect.objectContaining({
      type: 'text', text: 'Does it come in another color?', externalId: 'wamid.E2E-1', sentAt: '2025-06-08T20:59:43.000Z', sender: { externalId: CUSTOMER }, status: null,
    })]);
    // Read from the table: contacts.get belongs to the agent-API issue.
    const contactId = (await chats())[0]?.contactId;
    const contacts = await db.transaction.run(({ contacts }) => contacts.get(contactId as ContactId));
    expect(contacts).toMatchObject({ name: 'Sheena Nelson', firstName: 'Sheena Nelson', hasFallbackName: false });
    expect(events.filter((e) => e.type === 'message.received')).toHaveLength(1);
    expect(loggedErrors).toEqual([]);
  });

  it('answers 401 to a missing or wrong signature and 400 to malformed payloads, storing nothing', async () => {
    const { post } = await setUp();
    const body = JSON.stringify(webhook(messagesValue([message('text', CONTENTS.text)])));
    const bytes = new TextEncoder().encode(body);
    for (const signature of [null, '', signWhatsAppBody('another-app-secret', bytes), signWhatsAppBody(APP_SECRET, bytes).slice(7), signWhatsAppBody(APP_SECRET, new TextEncoder().encode(`${body} `))]) {
      expectErrorBody(await post(body, signature), 401);
    }
    for (const malformed of ['{"object":', { object: 'page', entry: [] }, webhook(messagesValue([{ ...message('text', CONTENTS.text), timestamp: 'soon' }])), webhook({ messages: [] })]) {
      expectErrorBody(await post(malformed), 400);
    }
    expect(await storedCounts(db)).toEqual(NOTHING_STORED);
  });

  it('stores NUL and lone surrogates in text and metadata as both databases can keep them', async () => {
    const { post, history, loggedErrors } = await setUp();
    const card = [{ name: { formatted_name: 'Pablo\u0000 \ud800' }, phones: [{ phone: '+1\u0000' }], 'x\u0000': 1 }];
    expect((await post(webhook(messagesValue([message('contacts', card), message('text', { body: 'a\u0000b' })])))).status).toBe(200);
    expect((await history()).map((m) => m.text).sort()).toEqual(['Contact: Pablo\uFFFD \uFFFD (+1\uFFFD)', 'a\uFFFDb']);
    expect(loggedErrors).toEqual([]);
  });

  it('routes one POST for two numbers to each one’s channel, skipping a number that has none', async () => {
    const { post, create, chats, history, channel } = await setUp();
    const other = await create(OTHER_NUMBER_ID);
    const entry = (value: unknown) => webhook(value).entry[0];
    const body = { object: 'whatsapp_business_account', entry: [
      entry(messagesValue([message('text', { body: 'to the first number' })])),
      entry(messagesValue([message('text', { body: 'to the second number' })], OTHER_NUMBER_ID)),
      entry(messagesValue([message('text', { body: 'to nobody' })], '999000999')),
    ] };
    expect((await post(body)).status).toBe(200);
    const stored = await Promise.all((await chats()).map(async (c) => [c.channelId, (await history(c.id)).map((m) => m.text)]));
    expect(stored.sort()).toEqual([[channel.id, ['to the first number']], [other.id, ['to the second number']]].sort());
  });

  it('downloads an image after the ack by its media id, storing no URL', async () => {
    const { post, history, runDueJobs } = await setUp();
    const bytes = new Uint8Array(randomBytes(1500));
    const mediaId = `77${kind.length}${Date.now()}`;
    fake.addMedia(mediaId, { bytes, mimeType: 'image/jpeg' });
    expect((await post(webhook(messagesValue([message('image', { ...CONTENTS.image, id: mediaId })])))).status).toBe(200);
    expect(await runDueJobs()).toBe(1);
    const [stored] = await history();
    expect(stored).toMatchObject({ type: 'image', text: 'Black jacket', attachments: [{ type: 'image', sourceRef: mediaId, mimeType: 'image/jpeg', fileId: expect.any(String) }] });
    expect(JSON.stringify(stored)).not.toContain('lookaside');
  });

  it('sends a reply through the Cloud API, then statuses move it forward only, in any order', async () => {
    const { post, history, chats, client, runDueJobs } = await setUp();
    expect((await post(webhook(messagesValue([message('text', CONTENTS.text)])))).status).toBe(200);
    const chatId = (await chats())[0]!.id;
    dataOf(await client.mutation('messages.send', { chatId, text: 'It comes in blue too.' }));
    await runDueJobs();
    const outgoing = () => history(chatId).then((items) => items.find((m) => m.text === 'It comes in blue too.'));
    const sent = await outgoing();
    expect(sent).toMatchObject({ status: 'sent', externalId: expect.stringMatching(/^wamid\./) });
    expect(fake.calls.at(-1)?.json).toMatchObject({ to: CUSTOMER, type: 'text', text: { body: 'It comes in blue too.' } });
    const receipts = (...values: string[]) => post(webhook({ ...messagesValue([]), statuses: values.map((v) => status(sent!.externalId!, v)) }));
    expect((await receipts('read', 'delivered')).status).toBe(200);
    expect((await receipts('failed')).status).toBe(200);
    expect(await outgoing()).toMatchObject({ status: 'read' });
  });

  it('uploads a file an agent attached to the Cloud API and sends it by media id', async () => {
    const { post, chats, client, runDueJobs } = await setUp();
    expect((await post(webhook(messagesValue([message('text', CONTENTS.text)])))).status).toBe(200);
    const bytes = new Uint8Array(randomBytes(800));
    const upload = await client.request('/files?name=blue.jpg', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'image/jpeg' }, body: bytes });
    const { id: fileId } = upload.json as { id: string };
    dataOf(await client.mutation('messages.send', { chatId: (await chats())[0]!.id, text: 'Here it is', attachments: [{ fileId }] }));
    await runDueJobs();
    const [uploaded, sent] = fake.calls.slice(-2);
    expect(uploaded).toMatchObject({ path: `/v26.0/${PHONE_NUMBER_ID}/media`, form: { fields: { messaging_product: 'whatsapp', type: 'image/jpeg' } } });
    expect(uploaded?.form?.file?.bytes).toEqual(bytes);
    expect(sent?.json).toMatchObject({ to: CUSTOMER, type: 'image', image: { id: expect.any(String), caption: 'Here it is' } });
  });
});
