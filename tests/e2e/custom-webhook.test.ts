import { describe, expect, it } from 'vitest';
import { Channel } from '../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../domain/ids.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { signBody } from '../../adapters/providers/custom/verify.ts';
import type { TestAppOptions } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { NOTHING_STORED, storedCounts, withCustomChannel } from './custom-channel.ts';
import { customMessage, dataOf, expectErrorBody, newSecret } from './requests.ts';

interface Page<T> { items: T[]; nextCursor: string | null }

// DESIGN "Public contract", POST /webhooks/custom/:channelId: every answer of the edge, and what is stored for each.
// Malformed and hostile payloads: custom-webhook-payloads.test.ts.
describe.each(availableTestDatabaseKinds())('custom webhook on %s', (kind) => {
  const db = useTestDatabase(kind);

  const setUp = (options: TestAppOptions = {}) => withCustomChannel(db, options);
  const counts = () => storedCounts(db);
  const NOTHING = NOTHING_STORED;

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
    expect(await counts()).toEqual({ ...NOTHING, message: 1, chat: 1, contact: 1, contact_identity: 1, job: 0 });
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
});
