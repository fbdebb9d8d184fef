import { describe, expect, it } from 'vitest';
import type { TestAppOptions } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { NOTHING_STORED, storedCounts, withCustomChannel } from './custom-channel.ts';
import { customMessage, expectErrorBody, type Answer } from './requests.ts';

// POST /webhooks/custom/:channelId with what senders get wrong or do on purpose: 400 and nothing stored,
// or stored intact; never a 5xx.
describe.each(availableTestDatabaseKinds())('custom webhook payloads on %s', (kind) => {
  const db = useTestDatabase(kind);

  const setUp = (options: TestAppOptions = {}) => withCustomChannel(db, options);
  const counts = () => storedCounts(db);
  const NOTHING = NOTHING_STORED;

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
    ['timestamp with a dangling T', customMessage({ timestamp: '2025-01-01T' })],
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
    const accepted = (some: typeof answers) => some.filter((a) => a.status === 200).length;
    expect(await db.count('contact')).toBe(Math.min(accepted(answers.slice(0, 2)), 1) + accepted(answers.slice(2)));
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
