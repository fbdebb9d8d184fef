import { describe, expect, it, onTestFinished, test } from 'vitest';
import type { Viewer } from '../../application/viewer.ts';
import type { AgentId, ChannelId } from '../../domain/ids.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { ADMIN_TOKEN, createTestApp, type TestAppOptions } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, newSecret, type ChannelView, type Client } from './requests.ts';

const CHANNEL_KEYS = ['id', 'name', 'provider', 'source', 'isActive', 'queueId'];

/** Fails when any answer the client received contains one of the secrets. */
function expectNoSecrets(client: Client, secrets: readonly string[]): void {
  expect(client.transcript.length).toBeGreaterThan(0);
  for (const text of client.transcript) for (const secret of secrets) expect(text).not.toContain(secret);
}

// tRPC `channels.*` over HTTP (and createCaller): admin only, settings per provider, secrets never shown.
describe.each(availableTestDatabaseKinds())('channels API on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp(options: TestAppOptions = {}) {
    const test = await createTestApp(db, options);
    onTestFinished(() => test.close());
    return { ...test, client: clientOf(test.app) };
  }

  const storedSettings = (channelId: string) => db.transaction.run(async ({ channels }) => (await channels.get(channelId as ChannelId)).settings);

  it('answers UNAUTHORIZED without a token or with a bad one, over HTTP and createCaller, and does nothing', async () => {
    const { client, app, caller } = await setUp();
    const create = { name: 'Nope', provider: 'custom', source: 'nope', settings: { secret: newSecret() } };
    const headers: Array<Record<string, string>> = [
      {}, { authorization: '' }, { authorization: 'Bearer' }, { authorization: 'Bearer wrong-token-0123456789' },
      { authorization: `Basic ${ADMIN_TOKEN}` }, { authorization: ADMIN_TOKEN }, { authorization: `Bearer ${ADMIN_TOKEN}x` },
      { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` }, { authorization: `Bearer ${ADMIN_TOKEN} extra` },
    ];
    for (const header of headers) {
      const calls = [
        app.request('/trpc/channels.list', { headers: header }),
        app.request('/trpc/channels.create', { method: 'POST', headers: { ...header, 'content-type': 'application/json' }, body: JSON.stringify(create) }),
        app.request(`/trpc/chats.list?input=${encodeURIComponent('{}')}`, { headers: header }),
        app.request(`/trpc/chats.history?input=${encodeURIComponent(JSON.stringify({ chatId: uuidIds.next() }))}`, { headers: header }),
      ];
      for (const response of await Promise.all(calls)) {
        expect(response.status, JSON.stringify(header)).toBe(401);
        expect(await response.json()).toMatchObject({ error: { data: { code: 'UNAUTHORIZED' } } });
      }
    }
    await expect(caller(null).channels.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller(null).channels.create(create)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller(null).chats.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await db.count('channel')).toBe(0);
    expect(dataOf<{ items: unknown[] }>(await client.query('channels.list', undefined, ADMIN_TOKEN)).items).toEqual([]);
  });

  it('lets only admins manage channels (FORBIDDEN for agents and supervisors)', async () => {
    const { caller } = await setUp();
    for (const role of ['agent', 'supervisor'] as const) {
      const viewer: Viewer = { agentId: uuidIds.next<AgentId>(), role, queueIds: [] };
      await expect(caller(viewer).channels.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller(viewer).channels.create({ name: 'x', provider: 'custom', source: 'x', settings: { secret: newSecret() } }))
        .rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller(viewer).channels.deactivate({ channelId: uuidIds.next() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await db.count('channel')).toBe(0);
  });

  it('creates and lists channels in the view shape, with no secret in any answer and no webhookUrl without PUBLIC_URL', async () => {
    const { client } = await setUp();
    const secret = newSecret();
    const outboundUrl = `https://receiver.example.com/hook?token=${newSecret()}`;
    const created = await createCustomChannel(client, { secret, outboundUrl }, 'bot-1');
    for (const key of CHANNEL_KEYS) expect(created).toHaveProperty(key);
    expect(created).toMatchObject({ name: 'Channel bot-1', provider: 'custom', source: 'bot-1', isActive: true, webhookUrl: null });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.queueId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created).not.toHaveProperty('settings');
    const second = await createCustomChannel(client, { secret: newSecret() }, 'bot-2');
    const listed = dataOf<{ items: ChannelView[] }>(await client.query('channels.list')).items;
    expect(listed.map((c) => c.id)).toEqual([created.id, second.id]);
    expect(listed[0]).toEqual(created);
    expectNoSecrets(client, [secret, outboundUrl.split('token=')[1]!]);
  });

  it('pages channels.list like every list: { items, nextCursor }, oldest first, no gaps or repeats', async () => {
    const { client } = await setUp();
    const created = [];
    for (const source of ['p-1', 'p-2', 'p-3']) created.push(await createCustomChannel(client, { secret: newSecret() }, source));
    const first = dataOf<{ items: ChannelView[]; nextCursor: string | null }>(await client.query('channels.list', { limit: 2 }));
    expect(first.items.map((c) => c.id)).toEqual(created.slice(0, 2).map((c) => c.id));
    const second = dataOf<{ items: ChannelView[]; nextCursor: string | null }>(await client.query('channels.list', { limit: 2, cursor: first.nextCursor }));
    expect(second).toEqual({ items: [created[2]], nextCursor: null });
  });

  it('validates settings per provider: BAD_REQUEST with a clear message that quotes no secret, and nothing stored', async () => {
    const { client } = await setUp();
    const short = 'short-secret-15';
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ provider: 'custom', settings: {} }, /secret.*required/i],
      [{ provider: 'custom', settings: { secret: '' } }, /secret must not be empty/],
      [{ provider: 'custom', settings: { secret: 1234567890123456789 } }, /secret must be a string/],
      [{ provider: 'custom', settings: { secret: short, outboundUrl: 'ftp://example.com/in' } }, /outboundUrl must be an http\(s\) URL/],
      [{ provider: 'carrier-pigeon', settings: { secret: newSecret() } }, /no provider is called carrier-pigeon.*custom/],
    ];
    for (const [fields, message] of cases) {
      const answer = await client.mutation('channels.create', { name: 'Bad', source: 'bad', ...fields });
      expect(answer.status, answer.text).toBe(400);
      expect(answer.code).toBe('BAD_REQUEST');
      expect(answer.message).toMatch(message);
    }
    expect(await db.count('channel')).toBe(0);
    expect(await db.count('queue')).toBe(0);
    expectNoSecrets(client, [short]);
  });

  it('names the wrong field of a malformed input in the BAD_REQUEST message', async () => {
    const { client } = await setUp();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ settings: null }, /settings/],
      [{ name: '   ' }, /name/],
      [{ source: '' }, /source/],
      [{ queueId: 'not-a-uuid' }, /queueId/],
    ];
    for (const [fields, message] of cases) {
      const answer = await client.mutation('channels.create', { name: 'Bad', provider: 'custom', source: 'bad', settings: { secret: newSecret() }, ...fields });
      expect(answer.code, answer.text).toBe('BAD_REQUEST');
      expect(answer.message).toMatch(message);
    }
    expect(await db.count('channel')).toBe(0);
  });

  it('answers BAD_REQUEST, never a 5xx, to names and sources PostgreSQL cannot store (NUL)', async () => {
    const { client, loggedErrors } = await setUp();
    const secret = newSecret();
    const create = await client.mutation('channels.create', { name: 'Nul', provider: 'custom', source: 'nul\u0000bot', settings: { secret } });
    expect(create.code, create.text).toBe('BAD_REQUEST');
    expect((await client.mutation('channels.create', { name: 'N\u0000ul', provider: 'custom', source: 'nul-bot', settings: { secret } })).code).toBe('BAD_REQUEST');
    const channel = await createCustomChannel(client, { secret });
    expect((await client.mutation('channels.update', { channelId: channel.id, source: 'x\u0000' })).code).toBe('BAD_REQUEST');
    expect((await client.mutation('channels.update', { channelId: channel.id, name: 'x\u0000' })).code).toBe('BAD_REQUEST');
    expect(await db.count('channel')).toBe(1);
    // Each failed insert was logged with its SQL, settings (the secret) included.
    expect(loggedErrors.map(String).join('\n')).not.toContain(secret);
    expect(loggedErrors).toEqual([]);
  });

  it('never echoes settings sent in the wrong shape (a JSON string holding the secret)', async () => {
    const { client } = await setUp();
    const secret = newSecret();
    const answer = await client.mutation('channels.create', { name: 'Stringly', provider: 'custom', source: 's', settings: JSON.stringify({ secret }) });
    expect(answer.code).toBe('BAD_REQUEST');
    expectNoSecrets(client, [secret]);
  });

  it('updates partial settings keeping the others, and the webhook follows the secret', async () => {
    const { client } = await setUp();
    const [first, second] = [newSecret(), newSecret()];
    const channel = await createCustomChannel(client, { secret: first, outboundUrl: 'https://one.example.com/in' });
    const update = (input: Record<string, unknown>) => client.mutation('channels.update', { channelId: channel.id, ...input });
    expect(dataOf<ChannelView>(await update({ settings: { outboundUrl: 'https://two.example.com/in' } }))).toMatchObject({ id: channel.id, isActive: true });
    expect(await storedSettings(channel.id)).toEqual({ secret: first, outboundUrl: 'https://two.example.com/in' });
    expect((await client.webhook(channel.id, customMessage(), { secret: first })).status).toBe(200);
    dataOf(await update({ settings: { secret: second } }));
    expect(await storedSettings(channel.id)).toEqual({ secret: second, outboundUrl: 'https://two.example.com/in' });
    expect((await client.webhook(channel.id, customMessage(), { secret: first })).status).toBe(401);
    expect((await client.webhook(channel.id, customMessage(), { secret: second })).status).toBe(200);
    const invalid = await update({ settings: { outboundUrl: 'not a url' } });
    expect(invalid.code).toBe('BAD_REQUEST');
    expect(await storedSettings(channel.id)).toEqual({ secret: second, outboundUrl: 'https://two.example.com/in' });
    const renamed = dataOf<ChannelView>(await update({ name: 'Renamed', source: 'moved' }));
    expect(renamed).toMatchObject({ name: 'Renamed', source: 'moved', provider: 'custom' });
    expect(dataOf<{ items: ChannelView[] }>(await client.query('channels.list')).items).toEqual([renamed]);
    expectNoSecrets(client, [first, second]);
  });

  it('deactivates a channel (its webhook answers 404) and re-activates it with update isActive true', async () => {
    const { client } = await setUp();
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    const deactivated = dataOf<ChannelView>(await client.mutation('channels.deactivate', { channelId: channel.id }));
    expect(deactivated).toMatchObject({ id: channel.id, isActive: false });
    expect(dataOf<{ items: ChannelView[] }>(await client.query('channels.list')).items).toEqual([deactivated]);
    expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(404);
    expect(await storedSettings(channel.id)).toEqual({ secret });
    const reactivated = dataOf<ChannelView>(await client.mutation('channels.update', { channelId: channel.id, isActive: true }));
    expect(reactivated).toMatchObject({ id: channel.id, isActive: true });
    expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(200);
    expectNoSecrets(client, [secret]);
  });

  it('answers CONFLICT to a second active channel with the same provider and source, however it comes about', async () => {
    const { client, loggedErrors } = await setUp();
    const first = await createCustomChannel(client, { secret: newSecret() }, 'shared-bot');
    const create = () => client.mutation('channels.create', { name: 'Again', provider: 'custom', source: 'shared-bot', settings: { secret: newSecret() } });
    expect((await create()).code).toBe('CONFLICT');
    dataOf(await client.mutation('channels.deactivate', { channelId: first.id }));
    const second = dataOf<ChannelView>(await create());
    const reactivate = await client.mutation('channels.update', { channelId: first.id, isActive: true });
    expect(reactivate.code).toBe('CONFLICT');
    const other = await createCustomChannel(client, { secret: newSecret() }, 'other-bot');
    expect((await client.mutation('channels.update', { channelId: other.id, source: 'shared-bot' })).code).toBe('CONFLICT');
    const listed = dataOf<{ items: ChannelView[] }>(await client.query('channels.list')).items;
    expect(listed.map((c) => [c.id, c.source, c.isActive])).toEqual([[first.id, 'shared-bot', false], [second.id, 'shared-bot', true], [other.id, 'other-bot', true]]);
    expect(loggedErrors).toEqual([]);
  });

  it('lets exactly one of 5 concurrent creations of one source win; the others get CONFLICT', async () => {
    const { client, loggedErrors } = await setUp();
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) =>
      client.mutation('channels.create', { name: `Racer ${i}`, provider: 'custom', source: 'raced-bot', settings: { secret: newSecret() } })));
    expect(answers.map((a) => a.code ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    expect(await db.count('channel')).toBe(1);
    expect(loggedErrors).toEqual([]);
  });

  it('answers NOT_FOUND for unknown ids and BAD_REQUEST for ids that are not UUIDs', async () => {
    const { client } = await setUp();
    const unknown = uuidIds.next();
    expect((await client.mutation('channels.update', { channelId: unknown, name: 'x' })).code).toBe('NOT_FOUND');
    expect((await client.mutation('channels.deactivate', { channelId: unknown })).code).toBe('NOT_FOUND');
    expect((await client.mutation('channels.create', { name: 'x', provider: 'custom', source: 'x', queueId: unknown, settings: { secret: newSecret() } })).code).toBe('NOT_FOUND');
    for (const channelId of ['not-a-uuid', '', "1' or '1'='1", 42]) {
      expect((await client.mutation('channels.update', { channelId, name: 'x' })).code).toBe('BAD_REQUEST');
      expect((await client.mutation('channels.deactivate', { channelId })).code).toBe('BAD_REQUEST');
    }
    expect(await db.count('channel')).toBe(0);
  });

  it('puts a channel in an existing queue when given its id', async () => {
    const { client } = await setUp();
    const first = await createCustomChannel(client, { secret: newSecret() });
    const second = dataOf<ChannelView>(await client.mutation('channels.create', {
      name: 'Same queue', provider: 'custom', source: 'same-queue', queueId: first.queueId, settings: { secret: newSecret() },
    }));
    expect(second.queueId).toBe(first.queueId);
    expect(await db.count('queue')).toBe(1);
  });

  it.each([
    ['https://switchboard.example.com', 'https://switchboard.example.com'],
    ['https://switchboard.example.com/', 'https://switchboard.example.com'],
    ['https://example.com/sb/', 'https://example.com/sb'],
  ])('gives the webhook URL under PUBLIC_URL %s', async (publicUrl, base) => {
    const { client } = await setUp({ publicUrl });
    const channel = await createCustomChannel(client, { secret: newSecret() });
    const expected = `${base}/webhooks/custom/${channel.id}`;
    expect(channel.webhookUrl).toBe(expected);
    expect(dataOf<{ items: ChannelView[] }>(await client.query('channels.list')).items[0]?.webhookUrl).toBe(expected);
    expect(dataOf<ChannelView>(await client.mutation('channels.update', { channelId: channel.id, name: 'n' })).webhookUrl).toBe(expected);
    expect(dataOf<ChannelView>(await client.mutation('channels.deactivate', { channelId: channel.id })).webhookUrl).toBe(expected);
  });
});
