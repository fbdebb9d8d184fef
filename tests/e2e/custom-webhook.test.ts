import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { Channel } from '../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../domain/ids.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { signBody } from '../../adapters/providers/custom/verify.ts';
import { createTestApp, type TestAppOptions } from '../support/test-app.ts';
import { availableTestDatabaseKinds, openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, expectErrorBody, newSecret, type Answer } from './requests.ts';

interface ChatView { id: string; contactId: string }
interface MessageView { id: string; text: string; externalId: string | null; sentAt: string; sender: { externalId: string } | null }
interface Page<T> { items: T[]; nextCursor: string | null }

// DESIGN "Public contract", POST /webhooks/custom/:channelId: every answer of the edge, and what is stored for each.
describe.each(availableTestDatabaseKinds())('custom webhook on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await openTestDatabase({ kind }); });
  afterAll(async () => { await db?.close(); });
  beforeEach(async () => { await db.clear(); });

  async function setUp(options: TestAppOptions = {}) {
    const test = await createTestApp(db, options);
    onTestFinished(() => test.close());
    const client = clientOf(test.app);
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    const post = (body: string | Uint8Array | object, options: Parameters<typeof client.webhook>[2] = {}) =>
      client.webhook(channel.id, body, { secret, ...options });
    const history = async () => {
      const chats = dataOf<Page<ChatView>>(await client.query('chats.list', {}));
      const messages: MessageView[] = [];
      for (const chat of chats.items) messages.push(...dataOf<Page<MessageView>>(await client.query('chats.history', { chatId: chat.id, limit: 200 })).items);
      return { chats: chats.items, messages };
    };
    return { ...test, client, secret, channel, post, history };
  }

  const counts = async () => ({
    message: await db.count('message'), chat: await db.count('chat'), contact: await db.count('contact'),
    contact_identity: await db.count('contact_identity'), attachment: await db.count('attachment'), job: await db.count('job'),
  });
  const NOTHING = { message: 0, chat: 0, contact: 0, contact_identity: 0, attachment: 0, job: 0 };

  it('answers GET /health 200 {"status":"ok"}, and routes it does not know or methods it does not take 404 with the error body', async () => {
    const { client, channel } = await setUp();
    const health = await client.request('/health');
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
    for (const [path, method] of [['/nowhere', 'GET'], [`/webhooks/custom/${channel.id}`, 'GET'], [`/webhooks/custom/${channel.id}/extra`, 'POST'], ['/webhooks/custom', 'POST']] as const) {
      expectErrorBody(await client.request(path, { method }), 404);
    }
  });

  it('accepts a signed message with 200 and stores it once, readable through chats.list and chats.history', async () => {
    const { post, history, loggedErrors } = await setUp();
    const answer = await post(customMessage({ id: 'ext-1', message: 'Hello there', sender: 'alice', timestamp: '2025-01-01T14:00:00+02:00' }));
    expect(answer.status, answer.text).toBe(200);
    const { chats, messages } = await history();
    expect(chats).toHaveLength(1);
    expect(messages).toEqual([expect.objectContaining({
      text: 'Hello there', externalId: 'ext-1', sentAt: '2025-01-01T12:00:00.000Z', sender: { externalId: 'alice' }, direction: 'incoming', status: null,
    })]);
    expect(await counts()).toEqual({ ...NOTHING, message: 1, chat: 1, contact: 1, contact_identity: 1 });
    expect(loggedErrors).toEqual([]);
  });

  it('answers a redelivery with the same id 200 and stores nothing new, keeping the first text', async () => {
    const { post, history, events, client } = await setUp();
    const first = customMessage({ id: 'dup-1', message: 'first' });
    expect((await post(first)).status).toBe(200);
    expect((await post(first)).status).toBe(200);
    expect((await post({ ...first, message: 'changed on redelivery' })).status).toBe(200);
    expect((await post({ ...first, id: undefined, message: 'no id' })).status).toBe(200); // another message: no key
    const { messages } = await history();
    expect(messages.map((m) => m.text).sort()).toEqual(['first', 'no id']);
    expect(events.filter((e) => e.type === 'message.received')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'chat.created')).toHaveLength(1);
    const [chat] = dataOf<Page<{ unreadCount: number }>>(await client.query('chats.list', {})).items;
    expect(chat?.unreadCount).toBe(2);
  });

  it('keys an id-less payload by its bytes: a byte-identical redelivery is one message, other bytes another', async () => {
    const { post, history } = await setUp();
    const body = JSON.stringify(customMessage({ id: undefined, message: 'no id here' }));
    for (let i = 0; i < 3; i += 1) expect((await post(body)).status).toBe(200);
    expect((await history()).messages).toHaveLength(1);
    expect((await post(`${body}\n`)).status).toBe(200);
    expect((await history()).messages).toHaveLength(2);
  });

  it('accepts the JSON content types the contract allows', async () => {
    const { post } = await setUp();
    for (const contentType of ['application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.switchboard+json']) {
      const answer = await post(customMessage(), { contentType });
      expect(answer.status, `${contentType}: ${answer.text}`).toBe(200);
    }
    expect(await db.count('message')).toBe(3);
  });

  it('answers 413 over the body limit, declared or streamed, and stores nothing; a body at the limit passes', async () => {
    const limit = 2048;
    const { post, client, channel, secret } = await setUp({ bodyLimitBytes: limit });
    const sized = (bytes: number) => {
      const body = JSON.stringify(customMessage({ id: `size-${bytes}`, message: '' }));
      return JSON.stringify(customMessage({ id: `size-${bytes}`, message: 'x'.repeat(bytes - body.length) }));
    };
    const over = new TextEncoder().encode(sized(limit + 1));
    expect(over.byteLength).toBe(limit + 1);
    expectErrorBody(await post(over, { headers: { 'content-length': String(over.byteLength) } }), 413);
    const streamed = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(over.slice(0, 1000)); c.enqueue(over.slice(1000)); c.close(); } });
    const init = { method: 'POST', body: streamed, duplex: 'half', headers: { 'content-type': 'application/json', 'x-switchboard-signature': signBody(secret, over) } };
    expectErrorBody(await client.request(`/webhooks/custom/${channel.id}`, init as RequestInit), 413);
    expectErrorBody(await post(new Uint8Array(5 * 1024 * 1024).fill(32)), 413);
    expect(await counts()).toEqual(NOTHING);
    const atLimit = sized(limit);
    expect(new TextEncoder().encode(atLimit).byteLength).toBe(limit);
    expect((await post(atLimit)).status).toBe(200);
  });

  it('answers 415 to a body that is not declared JSON, and stores nothing', async () => {
    const { post } = await setUp();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json', null]) {
      expectErrorBody(await post(customMessage(), { contentType }), 415);
    }
    expect(await counts()).toEqual(NOTHING);
  });

  it('answers 401 to a missing, wrong or wrongly prefixed signature, and stores nothing', async () => {
    const { post, secret } = await setUp();
    const body = JSON.stringify(customMessage());
    const bytes = new TextEncoder().encode(body);
    const hex = signBody(secret, bytes).slice('sha256='.length);
    const signatures: Array<string | null> = [
      null, '', 'sha256=', signBody(newSecret(), bytes), `sha1=${hex}`, hex, `sha512=${hex}`, `sha256=${hex.slice(0, 63)}`,
      `sha256=${hex}00`, `sha256=${'z'.repeat(64)}`, `Bearer ${secret}`, secret,
      signBody(secret, new TextEncoder().encode(JSON.stringify(JSON.parse(body), null, 2))), // re-serialised bytes
    ];
    for (const signature of signatures) {
      const answer = await post(body, { signature });
      expectErrorBody(answer, 401);
      expect(answer.text).not.toContain(secret);
    }
    expect(await counts()).toEqual(NOTHING);
  });

  it('answers 404 to an unknown, malformed, deactivated or other-provider channel, and stores nothing', async () => {
    const { post, client, channel, secret } = await setUp();
    const body = customMessage();
    const signed = (channelId: string) => client.webhook(channelId, body, { secret });
    for (const channelId of [uuidIds.next<ChannelId>(), 'not-a-uuid', '0', '%2e%2e%2fhealth', 'x'.repeat(2000), `${channel.id}x`, channel.id.toUpperCase().replace(/-/g, '')]) {
      expectErrorBody(await signed(channelId), 404);
    }
    expectErrorBody(await client.request(`/webhooks/telegram/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 404);
    const telegram = new Channel({
      id: uuidIds.next(), name: 'Telegram', provider: 'telegram', source: 'tg-bot', queueId: channel.queueId as QueueId, settings: { secret }, createdAt: new Date(),
    });
    await db.transaction.run(({ channels }) => channels.save(telegram));
    expectErrorBody(await signed(telegram.id), 404);
    dataOf(await client.mutation('channels.deactivate', { channelId: channel.id }));
    expectErrorBody(await post(body), 404);
    expect(await counts()).toEqual(NOTHING);
  });

  const malformed = (text: string) => new TextEncoder().encode(text);
  const invalidUtf8 = (bytes: number[]) => {
    const [head, tail] = JSON.stringify(customMessage({ message: '@@' })).split('@@') as [string, string];
    return new Uint8Array([...malformed(head), ...bytes, ...malformed(tail)]);
  };
  const BAD_PAYLOADS: Array<[string, string | Uint8Array | object]> = [
    ['truncated JSON', '{"message": "hi", "sender": "a"'],
    ['an empty body', ''],
    ['whitespace only', '  \n'],
    ['invalid UTF-8 (0xFF)', invalidUtf8([0xff, 0xfe])],
    ['invalid UTF-8 (encoded surrogate)', invalidUtf8([0xed, 0xa0, 0x80])],
    ['invalid UTF-8 (overlong)', invalidUtf8([0xc0, 0xaf])],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['a JSON string', '"hello"'],
    ['a JSON number', '42'],
    ['missing message', customMessage({ message: undefined })],
    ['missing sender', customMessage({ sender: undefined })],
    ['missing recipient', customMessage({ recipient: undefined })],
    ['missing timestamp', customMessage({ timestamp: undefined })],
    ['message a number', customMessage({ message: 42 })],
    ['message null', customMessage({ message: null })],
    ['message nested deeply', `{"message":${'['.repeat(50_000)}${']'.repeat(50_000)},"sender":"a","recipient":"b","timestamp":1}`],
    ['message over 65536 characters', customMessage({ message: 'x'.repeat(65_537) })],
    ['sender an object', customMessage({ sender: { id: 'a' } })],
    ['sender empty', customMessage({ sender: '' })],
    ['sender blank', customMessage({ sender: '   ' })],
    ['sender with NUL', customMessage({ sender: 'a\u0000b' })],
    ['sender over 256 characters', customMessage({ sender: 's'.repeat(257) })],
    ['recipient an array', customMessage({ recipient: ['bot'] })],
    ['id a boolean', customMessage({ id: true })],
    ['id a fraction', customMessage({ id: 1.5 })],
    ['id above 2^53', customMessage({ id: 2 ** 53 + 2 })],
    ['id empty', customMessage({ id: '' })],
    ['timestamp a word', customMessage({ timestamp: 'yesterday' })],
    ['timestamp negative', customMessage({ timestamp: -1 })],
    ['timestamp in microseconds', customMessage({ timestamp: 1_735_732_800_000_000 })],
    ['timestamp not a calendar day', customMessage({ timestamp: '2025-02-30T10:00:00Z' })],
    ['timestamp without zone', customMessage({ timestamp: '2025-01-01T12:00:00' })],
    ['timestamp a boolean', customMessage({ timestamp: true })],
    ['timestamp null', customMessage({ timestamp: null })],
    ['attachments an object', customMessage({ attachments: { uploadUrl: 'http://x' } })],
    ['attachment without uploadUrl', customMessage({ attachments: [{ fileType: 'Image' }] })],
    ['attachment with a file: URL', customMessage({ attachments: [{ uploadUrl: 'file:///etc/passwd', fileType: 'File' }] })],
    ['attachment with a javascript: URL', customMessage({ attachments: [{ uploadUrl: 'javascript:alert(1)', fileType: 'File' }] })],
    ['attachment without fileType', customMessage({ attachments: [{ uploadUrl: 'https://example.com/a.png' }] })],
    ['21 attachments', customMessage({ attachments: Array.from({ length: 21 }, () => ({ uploadUrl: 'https://example.com/a.png', fileType: 'Image' })) })],
  ];

  it('answers 400 with { error: { code, message } } to malformed payloads, and stores nothing', async () => {
    const { post, loggedErrors } = await setUp();
    const answers: Array<[string, Answer]> = [];
    for (const [name, body] of BAD_PAYLOADS) answers.push([name, await post(body)]);
    for (const [name, answer] of answers) {
      expect(answer.status, `${name}: ${answer.text}`).toBe(400);
      expectErrorBody(answer, 400);
    }
    expect(await counts()).toEqual(NOTHING);
    expect(loggedErrors).toEqual([]);
  });

  it('names the wrong field in a 400 message', async () => {
    const { post } = await setUp();
    const answer = await post(customMessage({ timestamp: 'yesterday', sender: undefined }));
    expectErrorBody(answer, 400);
    const { message } = (answer.json as { error: { message: string } }).error;
    expect(message).toContain('timestamp');
    expect(message).toContain('sender');
  });

  it('never drops a message as a duplicate of another whose id or sender differs only in unpaired surrogates', async () => {
    const { post } = await setUp();
    // Each pair is distinct in JSON and in JavaScript, but UTF-8 cannot carry a lone surrogate: both would be stored as U+FFFD.
    const answers = [
      await post(customMessage({ id: 'id-\uD800', sender: 'same-sender' })),
      await post(customMessage({ id: 'id-\uD801', sender: 'same-sender' })),
      await post(customMessage({ id: 'other-1', sender: 'who-\uD800' })),
      await post(customMessage({ id: 'other-2', sender: 'who-\uDC00' })),
    ];
    expect(answers.map((a) => a.status).every((status) => status === 200 || status === 400)).toBe(true);
    const refused = answers.filter((a) => a.status === 400).length;
    expect(await db.count('message') + refused).toBe(4);
    expect(await db.count('contact') + answers.slice(2).filter((a) => a.status === 400).length).toBe(3);
  });

  it('refuses (400) or cleans an attachment URL with a NUL character, never a 5xx', async () => {
    const { post, loggedErrors } = await setUp();
    const answer = await post(customMessage({ attachments: [{ uploadUrl: 'https://files.example.com/a\u0000b.png', fileType: 'Image' }] }));
    expect([200, 400], answer.text).toContain(answer.status);
    expect(loggedErrors).toEqual([]);
    if (answer.status === 400) expect(await counts()).toEqual(NOTHING);
    else expect(await db.count('attachment')).toBe(1);
  });

  const HOSTILE_TEXTS: Array<[string, string, string]> = [
    ['NUL', 'before\u0000after', 'before\uFFFDafter'],
    ['emoji', '👋🏽 family 👨‍👩‍👧‍👦 flag 🇺🇦 𝕳𝖊𝖑𝖑𝖔', '👋🏽 family 👨‍👩‍👧‍👦 flag 🇺🇦 𝕳𝖊𝖑𝖑𝖔'],
    ['RTL marks', '\u202Eevil\u202C \u200F שלום مرحبا \u2066x\u2069', '\u202Eevil\u202C \u200F שלום مرحبا \u2066x\u2069'],
    ['10k characters', 'x'.repeat(10_000), 'x'.repeat(10_000)],
    ['10k multi-byte characters', '€'.repeat(10_000), '€'.repeat(10_000)],
    ['SQL', "'; DROP TABLE message; --", "'; DROP TABLE message; --"],
    ['SQL 2', "Robert'); DROP TABLE chat;-- $1 ? :name", "Robert'); DROP TABLE chat;-- $1 ? :name"],
    ['HTML', '<script>alert(1)</script><img src=x onerror=alert(2)>', '<script>alert(1)</script><img src=x onerror=alert(2)>'],
    ['quotes and escapes', '"q" \\ back\\slash \n new line \t tab \r\n', '"q" \\ back\\slash \n new line \t tab \r\n'],
    ['combining and zero-width', 'e\u0301 \u200B\uFEFF\u00AD', 'e\u0301 \u200B\uFEFF\u00AD'],
    ['lone surrogate', 'a\uD800b', 'a\uFFFDb'],
    ['empty', '', ''],
  ];

  it('stores hostile text and returns it intact (NUL and lone surrogates replaced), never a 5xx', async () => {
    const { post, history, loggedErrors } = await setUp();
    const sender = "'; DROP TABLE contact; -- 👤 <b>\u202E";
    for (const [name, text] of HOSTILE_TEXTS) {
      const answer = await post(customMessage({ id: `hostile ${name} '\"<>`, message: text, sender }));
      expect(answer.status, `${name}: ${answer.text}`).toBe(200);
    }
    const proto = JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`) as object;
    expect((await post({ ...proto, ...customMessage({ id: 'proto', message: 'proto', sender }) })).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const { chats, messages } = await history();
    expect(chats).toHaveLength(1);
    const byId = new Map(messages.map((m) => [m.externalId, m]));
    for (const [name, , stored] of HOSTILE_TEXTS) {
      const message = byId.get(`hostile ${name} '\"<>`);
      expect(message?.text, name).toBe(stored);
      expect(message?.sender).toEqual({ externalId: sender });
    }
    expect(byId.get('proto')?.text).toBe('proto');
    expect(await db.count('message')).toBe(HOSTILE_TEXTS.length + 1);
    expect(loggedErrors).toEqual([]);
  });
});
