import { describe, expect, it, onTestFinished, test } from 'vitest';
import type { ContactId } from '../../domain/ids.ts';
import { startFakeTelegram } from '../support/fake-telegram.ts';
import { createTestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { ADA, BOT_TOKEN, callbackUpdate, editedUpdate, messageUpdate, SECRET_TOKEN } from '../adapters/providers/telegram/fixtures.ts';
import { NOTHING_STORED, storedCounts } from './custom-channel.ts';
import { clientOf, dataOf, expectErrorBody } from './requests.ts';

interface AttachmentView { type: string; sourceRef: string | null; fileId: string | null; downloadState: string }
interface MessageView { type: string; text: string; externalId: string | null; sentAt: string; sender: { externalId: string } | null; originalText: string | null; attachments: AttachmentView[] }
interface ChatView { id: string; contactId: string }
interface Page<T> { items: T[] }

const PUBLIC_URL = 'https://switchboard.example';

// DESIGN "Public contract", POST /webhooks/telegram/:channelId with X-Telegram-Bot-Api-Secret-Token, through the real app.
describe.each(availableTestDatabaseKinds())('telegram webhook on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp() {
    const fake = await startFakeTelegram(BOT_TOKEN);
    const test = await createTestApp(db, { publicUrl: PUBLIC_URL });
    onTestFinished(async () => { await test.close(); await fake.close(); });
    fake.addUser({ id: ADA.id, first_name: 'Ada', last_name: 'Lovelace', username: 'ada', photo: new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 1]) });
    const client = clientOf(test.app);
    const settings = { botToken: BOT_TOKEN, secretToken: SECRET_TOKEN, apiBaseUrl: fake.baseUrl };
    const channel = dataOf<{ id: string; connection: { state: string; detail: string }; publicSettings: object }>(
      await client.mutation('channels.create', { name: 'Support bot', provider: 'telegram', source: 'switchboard_test_bot', settings }));
    const post = (body: unknown, secret: string | null = SECRET_TOKEN) => client.request(`/webhooks/telegram/${channel.id}`, {
      method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }) },
    });
    const history = async () => {
      const chats = dataOf<Page<ChatView>>(await client.query('chats.list', {})).items;
      const messages: MessageView[] = [];
      for (const chat of chats) messages.push(...dataOf<Page<MessageView>>(await client.query('chats.history', { chatId: chat.id })).items);
      return { chats, messages };
    };
    return { ...test, fake, client, channel, post, history };
  }

  it('registers the webhook on create, accepts a message with the secret token, stores it once and shows it in chats.history', async () => {
    const { fake, channel, post, history, loggedErrors } = await setUp();
    expect(channel.connection).toMatchObject({ state: 'ok', detail: 'webhook registered as @switchboard_test_bot' });
    expect(channel.publicSettings).toEqual({ apiBaseUrl: fake.baseUrl });
    expect(fake.webhook).toMatchObject({ url: `${PUBLIC_URL}/webhooks/telegram/${channel.id}`, secret_token: SECRET_TOKEN });
    const update = messageUpdate({ text: 'Hello, is my order ready?' }, 1365);
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    expect((await post(messageUpdate({ text: 'other chat, same id', from: { id: 42, first_name: 'Grace' }, chat: { id: 42, type: 'private' } }, 1365))).status).toBe(200);
    const { chats, messages } = await history();
    expect(chats).toHaveLength(2);
    expect(messages.map((m) => [m.text, m.externalId, m.sender?.externalId, m.sentAt])).toEqual(expect.arrayContaining([
      ['Hello, is my order ready?', '1365', '5555555555', '2015-09-07T17:05:32.000Z'], ['other chat, same id', '1365', '42', '2015-09-07T17:05:32.000Z'],
    ]));
    expect(messages).toHaveLength(2);
    expect(loggedErrors).toEqual([]);
  });

  it('answers 401 to a missing or wrong secret token, 400 to a malformed update, 200 to a group message, and stores none of them', async () => {
    const { post } = await setUp();
    const update = messageUpdate({ text: 'hi' });
    for (const secret of [null, '', `${SECRET_TOKEN}x`, BOT_TOKEN]) expectErrorBody(await post(update, secret), 401);
    for (const body of ['{"update_id":', JSON.stringify({ message: { text: 'no ids' } }), JSON.stringify(messageUpdate({ date: 'yesterday' }))]) expectErrorBody(await post(body), 400);
    expect((await post(messageUpdate({ chat: { id: -1_001_234_567_890, title: 'Team', type: 'supergroup' }, text: 'hi all' }))).status).toBe(200);
    expect((await post({ update_id: 5, my_chat_member: { chat: { id: -5, type: 'group' } } })).status).toBe(200);
    expect(await storedCounts(db)).toEqual(NOTHING_STORED);
  });

  it('takes a secret token an admin changed at once: the old one is refused, the new one accepted', async () => {
    const { client, channel, post } = await setUp();
    expect((await post(messageUpdate({ text: 'before' }, 1))).status).toBe(200);
    const changed = await client.mutation('channels.update', { channelId: channel.id, settings: { secretToken: 'rotated_secret_token' } });
    expect(changed.status).toBe(200);
    expectErrorBody(await post(messageUpdate({ text: 'old secret' }, 2)), 401);
    expect((await post(messageUpdate({ text: 'new secret' }, 3), 'rotated_secret_token')).status).toBe(200);
  });

  it('applies an edit to the stored message, keeping the original text, and stores a button tap as a postback', async () => {
    const { post, history } = await setUp();
    expect((await post(messageUpdate({ text: 'teh order' }, 7))).status).toBe(200);
    expect((await post(editedUpdate({ text: 'the order' }, 7))).status).toBe(200);
    // The tap is answered in the webhook's answer, so the customer's app stops its spinner (redelivery too).
    for (let delivery = 0; delivery < 2; delivery += 1) {
      const tap = await post(callbackUpdate('order:42', 'cq-77'));
      expect(tap.status).toBe(200);
      expect(tap.json).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'cq-77' });
    }
    const { messages } = await history();
    expect(messages.map((m) => [m.type, m.text, m.originalText])).toEqual(expect.arrayContaining([['text', 'the order', 'teh order'], ['postback', 'order:42', null]]));
    expect(messages).toHaveLength(2);
  });

  it('stores a photo by its file_id, downloads the largest size and the sender\'s avatar in jobs, and never shows the token', async () => {
    const { fake, post, history, runDueJobs, client, loggedErrors } = await setUp();
    const fileId = fake.addFile({ bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 5, 6]), path: 'photos/file_12.jpg', contentType: 'image/jpeg' });
    const photo = [{ file_id: 'small-size', file_unique_id: 's', width: 90, height: 90 }, { file_id: fileId, file_unique_id: 'l', width: 1280, height: 960 }];
    expect((await post(messageUpdate({ photo, caption: 'receipt' }))).status).toBe(200);
    expect(await runDueJobs()).toBe(2);
    const { chats, messages } = await history();
    expect(messages).toEqual([expect.objectContaining({ type: 'image', text: 'receipt', attachments: [expect.objectContaining({ type: 'image', sourceRef: fileId, downloadState: 'done', fileId: expect.any(String) })] })]);
    const contact = await db.transaction.run(({ contacts }) => contacts.get(chats[0]!.contactId as ContactId));
    expect(contact).toMatchObject({ name: 'Ada Lovelace', username: 'ada', language: 'en', avatarFileId: expect.any(String) });
    const shown = [...client.transcript, JSON.stringify(await db.database.orm.em.fork().execute('select * from job')), JSON.stringify(loggedErrors)].join('\n');
    expect(shown).not.toContain(BOT_TOKEN);
  });

  it('unregisters the webhook when the channel is deactivated', async () => {
    const { fake, client, channel } = await setUp();
    dataOf(await client.mutation('channels.deactivate', { channelId: channel.id }));
    expect(fake.calls.at(-1)?.method).toBe('deleteWebhook');
    expect(fake.webhook).toEqual({});
  });
});
