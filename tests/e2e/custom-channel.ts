import { onTestFinished } from 'vitest';
import { createTestApp, type TestAppOptions } from '../support/test-app.ts';
import type { TestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, dataOf, newSecret, type WebhookOptions } from './requests.ts';

interface ChatView { id: string; contactId: string }
/** A message as chats.history shows it (the fields these tests read). */
export interface MessageView { id: string; text: string; externalId: string | null; sentAt: string; sender: { externalId: string } | null }
interface Page<T> { items: T[]; nextCursor: string | null }

/**
 * A test app on `db` with one active custom channel: `post` sends a body signed with its secret,
 * `history` reads every chat and message back through the API. The app is closed after the test.
 */
export async function withCustomChannel(db: TestDatabase, options: TestAppOptions = {}) {
  const test = await createTestApp(db, options);
  onTestFinished(() => test.close());
  const client = clientOf(test.app);
  const secret = newSecret();
  const channel = await createCustomChannel(client, { secret });
  const post = (body: string | Uint8Array | object, webhook: WebhookOptions = {}) => client.webhook(channel.id, body, { secret, ...webhook });
  const history = async () => {
    const chats = dataOf<Page<ChatView>>(await client.query('chats.list', {}));
    const messages: MessageView[] = [];
    for (const chat of chats.items) messages.push(...dataOf<Page<MessageView>>(await client.query('chats.history', { chatId: chat.id, limit: 200 })).items);
    return { chats: chats.items, messages };
  };
  return { ...test, client, secret, channel, post, history };
}

/** Rows of everything a webhook can store. */
export const storedCounts = async (db: TestDatabase) => ({
  message: await db.count('message'), chat: await db.count('chat'), contact: await db.count('contact'),
  contact_identity: await db.count('contact_identity'), attachment: await db.count('attachment'), job: await db.count('job'),
});

/** What `storedCounts` gives when a webhook stored nothing. */
export const NOTHING_STORED = { message: 0, chat: 0, contact: 0, contact_identity: 0, attachment: 0, job: 0 };

