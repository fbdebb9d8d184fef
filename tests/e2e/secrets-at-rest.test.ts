import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { settingsCodecFor } from '../../adapters/security/settings-codec.ts';
import { createTestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, newSecret, type ChannelView } from './requests.ts';

const ENCRYPTION_KEY = randomBytes(32).toString('hex');

// SWITCHBOARD_ENCRYPTION_KEY: channel settings are ciphertext in the database, and everything still works.
describe.each(availableTestDatabaseKinds())('channel secrets at rest on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await openTestDatabase({ kind, settingsCodec: settingsCodecFor(ENCRYPTION_KEY) }); });
  afterAll(async () => { await db?.close(); });
  beforeEach(async () => { await db.clear(); });

  async function setUp() {
    const test = await createTestApp(db);
    onTestFinished(() => test.close());
    return { ...test, client: clientOf(test.app) };
  }

  /** The `channel.settings` column as stored, read with SQL past the ORM's codec. */
  const rawSettings = async (channelId: string): Promise<string> => {
    const rows = await db.database.orm.em.fork().execute<Array<{ settings: string }>>('select settings from channel where id = ?', [channelId]);
    expect(rows).toHaveLength(1);
    return rows[0]!.settings;
  };

  it('stores settings encrypted, and a webhook signed with the secret is still accepted', async () => {
    const { client } = await setUp();
    const secret = newSecret();
    const outboundUrl = 'https://receiver.example.com/private-inbox';
    const channel = await createCustomChannel(client, { secret, outboundUrl });
    const stored = await rawSettings(channel.id);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain('private-inbox');
    expect(stored).not.toContain(Buffer.from(secret).toString('base64'));
    expect(stored).not.toContain(ENCRYPTION_KEY);
    expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(200);
    expect((await client.webhook(channel.id, customMessage(), { secret: newSecret() })).status).toBe(401);
    expect(await db.count('message')).toBe(1);
  });

  it('keeps settings encrypted through a partial update, with a fresh ciphertext', async () => {
    const { client } = await setUp();
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    const before = await rawSettings(channel.id);
    dataOf<ChannelView>(await client.mutation('channels.update', { channelId: channel.id, settings: { outboundUrl: 'https://new.example.com/in' } }));
    const after = await rawSettings(channel.id);
    expect(after).not.toBe(before);
    expect(after).not.toContain(secret);
    expect(after).not.toContain('new.example.com');
    expect(await db.transaction.run(async ({ channels }) => (await channels.list())[0]?.settings)).toEqual({ secret, outboundUrl: 'https://new.example.com/in' });
    expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(200);
  });

  it('keeps a channel working through deactivation, renaming and re-activation', async () => {
    const { client, loggedErrors } = await setUp();
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    dataOf(await client.mutation('channels.deactivate', { channelId: channel.id }));
    dataOf(await client.mutation('channels.update', { channelId: channel.id, name: 'Renamed', isActive: true }));
    expect(await rawSettings(channel.id)).not.toContain(secret);
    expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(200);
    expect(dataOf<{ items: ChannelView[] }>(await client.query('channels.list')).items).toEqual([expect.objectContaining({ name: 'Renamed', isActive: true })]);
    expect(loggedErrors).toEqual([]);
  });

  it('encrypts the same settings differently for two channels (no deterministic ciphertext)', async () => {
    const { client } = await setUp();
    const secret = newSecret();
    const one = await createCustomChannel(client, { secret }, 'one');
    const two = await createCustomChannel(client, { secret }, 'two');
    expect(await rawSettings(one.id)).not.toBe(await rawSettings(two.id));
  });

  it('still reads a row written before the key was set, and encrypts it on its next write', async () => {
    const { client } = await setUp();
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    await db.database.orm.em.fork().execute('update channel set settings = ? where id = ?', [JSON.stringify({ secret }), channel.id]);
    expect(await rawSettings(channel.id)).toContain(secret);
    expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(200);
    dataOf(await client.mutation('channels.update', { channelId: channel.id, settings: { outboundUrl: 'https://later.example.com/in' } }));
    expect(await rawSettings(channel.id)).not.toContain(secret);
    expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(200);
  });
});
