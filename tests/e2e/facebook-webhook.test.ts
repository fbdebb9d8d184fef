import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { ContactId } from '../../domain/ids.ts';
import { signFacebookBody } from '../../adapters/providers/facebook/index.ts';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph-messenger.ts';
import { createTestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { NOTHING_STORED, storedCounts, type MessageView } from './custom-channel.ts';
import { clientOf, dataOf, expectErrorBody, type ChannelView } from './requests.ts';

// DESIGN "Public contract": GET/POST /webhooks/facebook/:channelId, through the real app and database.
// @see https://developers.facebook.com/docs/messenger-platform/webhooks
const PAGE = '682498302938465';
const OTHER_PAGE = '110000000000001';
const PSID = '1254477777772919';
const APP_SECRET = 'e2e-app-secret-0123456789abcdef';
const TOKEN = 'EAAGe2ePageAccessToken0123456789';
const VERIFY = 'e2e-verify-token';
const utf8 = (text: string) => new TextEncoder().encode(text);
const event = (fields: Record<string, unknown>, page = PAGE) => ({ sender: { id: PSID }, recipient: { id: page }, timestamp: 1735732800000, ...fields });
const body = (...entries: [string, unknown[]][]) => JSON.stringify({ object: 'page', entry: entries.map(([id, messaging]) => ({ id, time: 1735732800500, messaging })) });

interface ChatView { id: string; contactId: string; channelId: string }
interface Page<T> { items: T[] }

describe.each(availableTestDatabaseKinds())('facebook webhook on %s', (kind) => {
  let db: TestDatabase;
  let graph: FakeGraph;
  beforeAll(async () => { [db, graph] = await Promise.all([openTestDatabase({ kind }), startFakeGraph({ id: PAGE, token: TOKEN })]); });
  afterAll(async () => { await Promise.all([db?.close(), graph?.close()]); });
  beforeEach(async () => { await db.clear(); });

  async function setUp() {
    const test = await createTestApp(db);
    onTestFinished(() => test.close());
    const client = clientOf(test.app);
    const create = async (source: string) => dataOf<ChannelView & { connection: { state: string } }>(await client.mutation('channels.create', {
      name: `Page ${source}`, provider: 'facebook', source, settings: { pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY, apiBaseUrl: graph.baseUrl },
    }));
    const channel = await create(PAGE);
    const post = (text: string, signature: string | null = signFacebookBody(APP_SECRET, utf8(text)), channelId = channel.id) => client.request(`/webhooks/facebook/${channelId}`, {
      method: 'POST', body: utf8(text), headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
    });
    const chats = async () => dataOf<Page<ChatView>>(await client.query('chats.list', {})).items;
    const history = async (chatId?: string) => dataOf<Page<MessageView & { type: string; direction: string; status: string | null; attachments: { fileId: string | null }[] }>>(
      await client.query('chats.history', { chatId: chatId ?? (await chats())[0]!.id, limit: 100 })).items;
    return { ...test, client, channel, create, post, chats, history };
  }

  it('answers the subscription handshake with the challenge, and 403 to a wrong verify token or mode', async () => {
    const { client, channel } = await setUp();
    const ok = await client.request(`/webhooks/facebook/${channel.id}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect([ok.status, ok.text, ok.headers.get('content-type')]).toEqual([200, '1158201444', expect.stringMatching(/^text\/plain/)]);
    expect((await client.request(`/webhooks/facebook/${channel.id}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status).toBe(403);
    expect((await client.request(`/webhooks/facebook/${channel.id}?hub.mode=unsubscribe&hub.verify_token=${VERIFY}&hub.challenge=1`)).status).toBe(403);
    expect(channel.connection.state).toBe('ok');
  });

  it('stores a signed message (signed as Meta signs: escaped bytes) once, readable through chats.history, however often it is redelivered', async () => {
    const { post, history, loggedErrors } = await setUp();
    // Meta escapes "/" and non-ASCII in the bytes it signs.
    const raw = body([PAGE, [event({ message: { mid: 'm_e2e-1', text: 'TEXT' } })]]).replace('"TEXT"', '"caf\\u00e9 https:\\/\\/x.example\\/a"');
    expect(raw).toContain('caf\\u00e9 https:\\/\\/');
    for (let i = 0; i < 3; i += 1) expect((await post(raw)).status).toBe(200);
    expect(await history()).toEqual([expect.objectContaining({
      type: 'text', text: 'café https://x.example/a', externalId: 'm_e2e-1', sentAt: '2025-01-01T12:00:00.000Z', sender: { externalId: PSID }, direction: 'incoming',
    })]);
    expect(await db.count('message')).toBe(1);
    // NUL and lone surrogates (valid JSON escapes) in text and in metadata never fail an insert.
    const odd = body([PAGE, [event({ message: { mid: 'm_e2e-2', text: 'a\u0000b\ud800', attachments: [{ type: 'hologram\u0000', payload: { x: '\u0000' } }] } })]]);
    expect((await post(odd)).status).toBe(200);
    expect((await history()).find((m) => m.externalId === 'm_e2e-2')).toMatchObject({ type: 'unsupported', text: 'a\uFFFDb\uFFFD' });
    expect(loggedErrors).toEqual([]);
  });

  it('answers a wrong or missing signature 401 and a malformed body 400, storing nothing', async () => {
    const { post } = await setUp();
    const good = body([PAGE, [event({ message: { mid: 'm_x', text: 'x' } })]]);
    expectErrorBody(await post(good, signFacebookBody('another-secret', utf8(good))), 401);
    expectErrorBody(await post(good, null), 401);
    expectErrorBody(await post(`${good} `, signFacebookBody(APP_SECRET, utf8(good))), 401);
    for (const malformed of ['{"object":"instagram","entry":[]}', body([PAGE, [event({ message: { text: 'no mid' } })]]), '{"object":"page"', '[]']) {
      expectErrorBody(await post(malformed), 400);
    }
    expect(await storedCounts(db)).toEqual(NOTHING_STORED);
  });

  it('routes a batch for two Pages to their channels, skips Pages it has no channel for, and ignores events it does not handle', async () => {
    const { post, create, chats, history, events } = await setUp();
    const other = await create(OTHER_PAGE);
    const batch = body(
      [PAGE, [event({ message: { mid: 'm_b1', text: 'one' } }), event({ reaction: { reaction: 'love', emoji: '❤', action: 'react', mid: 'm_b1' } })]],
      [OTHER_PAGE, [event({ postback: { mid: 'm_b2', title: 'Get Started', payload: 'START' } }, OTHER_PAGE)]],
      ['999000000000999', [event({ message: { mid: 'm_b3', text: 'not ours' } }, '999000000000999')]],
    );
    expect((await post(batch)).status).toBe(200);
    const byChannel = new Map((await chats()).map((chat) => [chat.channelId, chat.id]));
    expect(byChannel.size).toBe(2);
    expect((await history(byChannel.get(other.id))).map((m) => [m.type, m.text, m.externalId])).toEqual([['postback', 'Get Started', 'm_b2']]);
    expect(await db.count('message')).toBe(2);
    expect(events.filter((e) => e.type === 'message.received')).toHaveLength(2);
  });

  it('stores a Page Inbox echo once as outgoing, and moves it to read with the read watermark', async () => {
    const { post, history } = await setUp();
    expect((await post(body([PAGE, [event({ message: { mid: 'm_in', text: 'hi' } })]]))).status).toBe(200);
    const echo = { sender: { id: PAGE }, recipient: { id: PSID }, timestamp: 1735732900000, message: { is_echo: true, app_id: 263902037430900, mid: 'm_echo', text: 'Hello from the inbox' } };
    for (let i = 0; i < 2; i += 1) expect((await post(body([PAGE, [echo]]))).status).toBe(200);
    const stored = (await history()).map((m) => [m.direction, m.text, m.status]);
    expect(stored.sort()).toEqual([['incoming', 'hi', null], ['outgoing', 'Hello from the inbox', 'sent']]);
    expect((await post(body([PAGE, [event({ read: { watermark: 1735732950000 } })]]))).status).toBe(200);
    expect((await history()).find((m) => m.direction === 'outgoing')?.status).toBe('read');
  });

  it("hands a chat over to the Page Inbox through chats.handOver (pass_thread_control)", async () => {
    const { post, chats, client } = await setUp();
    expect((await post(body([PAGE, [event({ message: { mid: 'm_hand', text: 'a human please' } })]]))).status).toBe(200);
    const [chat] = await chats();
    expect(dataOf(await client.mutation('chats.handOver', { chatId: chat!.id }))).toMatchObject({ kind: 'sent' });
    const call = graph.calls.find((c) => c.path === '/me/pass_thread_control');
    expect(call?.json).toMatchObject({ recipient: { id: PSID }, target_app_id: 263902037430900 });
  });

  it('fills the contact from the Graph profile and downloads the attachment from its URL, as jobs after the answer', async () => {
    const { post, history, chats, runDueJobs, deps } = await setUp();
    graph.profiles.set(PSID, { first_name: 'Peter', last_name: 'Chang', profile_pic: graph.serveFile('peter.jpg', new Uint8Array([0xff, 0xd8, 1]), 'image/jpeg') });
    const url = graph.serveFile('photo.jpg', new Uint8Array([0xff, 0xd8, 2, 3]), 'image/jpeg');
    expect((await post(body([PAGE, [event({ message: { mid: 'm_img', attachments: [{ type: 'image', payload: { url } }] } })]]))).status).toBe(200);
    expect(await runDueJobs()).toBe(2);
    expect((await history())[0]).toMatchObject({ type: 'image', attachments: [{ fileId: expect.any(String) }] });
    const contactId = (await chats())[0]!.contactId as ContactId;
    const contact = await deps.transaction.run(({ contacts }) => contacts.get(contactId));
    expect(contact).toMatchObject({ name: 'Peter Chang', firstName: 'Peter', lastName: 'Chang', avatarFileId: expect.any(String) });
  });
});
