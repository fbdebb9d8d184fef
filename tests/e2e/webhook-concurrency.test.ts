import { describe, expect, it, onTestFinished, test } from 'vitest';
import { createTestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, newSecret } from './requests.ts';

interface ChatView { id: string; contactId: string; unreadCount: number }
interface Page<T> { items: T[]; nextCursor: string | null }

// Webhooks racing over HTTP: the unique keys decide, never luck (DESIGN "Inbound pipeline", step 3).
describe.each(availableTestDatabaseKinds())('concurrent webhooks on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp() {
    const test = await createTestApp(db);
    onTestFinished(() => test.close());
    const client = clientOf(test.app);
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    const post = (body: string | object) => client.webhook(channel.id, body, { secret });
    const chats = async () => dataOf<Page<ChatView>>(await client.query('chats.list', { limit: 200 })).items;
    return { ...test, client, post, chats };
  }

  const counts = async () => ({
    message: await db.count('message'), chat: await db.count('chat'), contact: await db.count('contact'), contact_identity: await db.count('contact_identity'),
  });

  it('stores the same webhook posted 5 times at once as one message, and answers every post 200', async () => {
    const { post, events, loggedErrors } = await setUp();
    const body = JSON.stringify(customMessage({ id: 'same-1', sender: 'racer' }));
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await counts()).toEqual({ message: 1, chat: 1, contact: 1, contact_identity: 1 });
    expect(events.filter((e) => e.type === 'message.received')).toHaveLength(1);
    expect(loggedErrors).toEqual([]);
  });

  it('stores an id-less body posted 5 times at once as one message', async () => {
    const { post } = await setUp();
    const body = JSON.stringify(customMessage({ id: undefined, sender: 'no-id-racer' }));
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await db.count('message')).toBe(1);
  });

  it('makes one contact and one chat of two first messages of a new sender at the same instant', async () => {
    const { post, chats, events } = await setUp();
    const answers = await Promise.all([
      post(customMessage({ id: 'first-a', sender: 'newcomer' })),
      post(customMessage({ id: 'first-b', sender: 'newcomer' })),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await counts()).toEqual({ message: 2, chat: 1, contact: 1, contact_identity: 1 });
    expect((await chats()).map((c) => c.unreadCount)).toEqual([2]);
    expect(events.filter((e) => e.type === 'chat.created')).toHaveLength(1);
  });

  it('makes 10 chats and 50 messages of 50 concurrent first messages from 10 new senders', async () => {
    const { post, chats, client, loggedErrors } = await setUp();
    const bodies = Array.from({ length: 50 }, (_, i) => customMessage({ id: `burst-${i}`, sender: `sender-${i % 10}`, message: `message ${i}` }));
    const answers = await Promise.all(bodies.map((body) => post(body)));
    expect(answers.filter((a) => a.status !== 200).map((a) => a.text)).toEqual([]);
    expect(await counts()).toEqual({ message: 50, chat: 10, contact: 10, contact_identity: 10 });
    const listed = await chats();
    expect(listed).toHaveLength(10);
    expect(listed.map((c) => c.unreadCount)).toEqual(Array.from({ length: 10 }, () => 5));
    expect(new Set(listed.map((c) => c.contactId)).size).toBe(10);
    const history = dataOf<Page<unknown>>(await client.query('chats.history', { chatId: listed[0]!.id }));
    expect(history.items).toHaveLength(5);
    expect(loggedErrors).toEqual([]);
  });
});
