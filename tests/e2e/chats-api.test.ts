import { describe, expect, it, onTestFinished, test } from 'vitest';
import type { Viewer } from '../../application/viewer.ts';
import type { AgentId, ChatId, QueueId } from '../../domain/ids.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { ADMIN_TOKEN, createTestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, newSecret } from './requests.ts';

interface ChatView { id: string; contactId: string; status: string; lastMessageAt: string; queueId: string }
interface MessageView { id: string; chatId: string; text: string; externalId: string | null }
interface Page<T> { items: T[]; nextCursor: string | null }

const CHAT_KEYS = ['id', 'channelId', 'contactId', 'queueId', 'agentId', 'status', 'createdAt', 'lastMessageAt', 'unreadCount'];
const MESSAGE_KEYS = ['id', 'chatId', 'direction', 'type', 'text', 'externalId', 'sentAt', 'status', 'error', 'sender', 'attachments'];
const ATTACHMENT_KEYS = ['id', 'type', 'mimeType', 'fileName', 'fileSize', 'sourceRef', 'fileId'];
const at = (minute: number) => Date.UTC(2025, 0, 1, 12, minute);
const isIsoInstant = (text: unknown) => typeof text === 'string' && new Date(text).toISOString() === text;

// tRPC `chats.list` and `chats.history` over HTTP: cursor pagination, the contact's history across chats, DESIGN's views.
describe.each(availableTestDatabaseKinds())('chats API on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp() {
    const test = await createTestApp(db);
    onTestFinished(() => test.close());
    const client = clientOf(test.app);
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    const post = async (fields: Record<string, unknown>) => {
      const answer = await client.webhook(channel.id, customMessage(fields), { secret });
      expect(answer.status, answer.text).toBe(200);
    };
    const list = async (input: Record<string, unknown> = {}) => dataOf<Page<ChatView>>(await client.query('chats.list', input));
    const history = async (input: Record<string, unknown>) => dataOf<Page<MessageView>>(await client.query('chats.history', input));
    return { ...test, client, channel, post, list, history };
  }

  /** Every page of a paginated query, following nextCursor. */
  async function allPages<T>(read: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[][]> {
    const pages: T[][] = [];
    let cursor: string | undefined;
    do {
      const page = await read(cursor);
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
      expect(pages.length).toBeLessThan(20);
    } while (cursor);
    return pages;
  }

  const completeChat = (chatId: string) => db.transaction.run(async ({ chats }) => {
    const chat = await chats.get(chatId as ChatId);
    chat.complete(new Date());
    await chats.save(chat);
  });

  it('pages through chats newest first without duplicates or gaps; nextCursor is null on the last page', async () => {
    const { post, list } = await setUp();
    for (let i = 0; i < 7; i += 1) await post({ sender: `pager-${i}`, id: `p-${i}` });
    const pages = await allPages((cursor) => list({ limit: 3, cursor }));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const all = pages.flat();
    expect(new Set(all.map((c) => c.id)).size).toBe(7);
    const sorted = [...all].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id));
    expect(all.map((c) => c.id)).toEqual(sorted.map((c) => c.id));
    expect(all.map((c) => c.id)).toEqual((await list({ limit: 200 })).items.map((c) => c.id));
    expect((await list({ limit: 7 })).nextCursor).toBeNull();
    expect((await allPages((cursor) => list({ limit: 1, cursor }))).flat().map((c) => c.id)).toEqual(all.map((c) => c.id));
  });

  it('answers BAD_REQUEST to cursors it never gave out and to page sizes out of range, never a 5xx', async () => {
    const { post, client, list, loggedErrors } = await setUp();
    for (let i = 0; i < 3; i += 1) await post({ sender: `c-${i}` });
    const cursor = (await list({ limit: 1 })).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const garbage = ['garbage!!', 'eyJ', btoa('{}'), btoa('["not a date","x"]'), btoa('[1,2]'), `${cursor}${cursor}`, 'x'.repeat(513)];
    for (const bad of garbage) expect((await client.query('chats.list', { cursor: bad })).code, bad).toBe('BAD_REQUEST');
    for (const limit of [0, -1, 201, 1.5, '10']) expect((await client.query('chats.list', { limit })).code, String(limit)).toBe('BAD_REQUEST');
    for (const forged of [btoa(JSON.stringify(['2025-01-01T00:00:00.000Z', "' or 1=1 --"])), btoa(JSON.stringify(['9999-12-31T00:00:00.000Z', uuidIds.next()]))]) {
      const answer = await client.query('chats.list', { cursor: forged });
      expect(answer.status, answer.text).toBeLessThan(500);
    }
    expect((await client.query('chats.list', { status: 'bogus' })).code).toBe('BAD_REQUEST');
    for (const query of ['?input=%7B', '?input=not-json', `?input=${encodeURIComponent('[1,2')}`]) {
      const answer = await client.request(`/trpc/chats.list${query}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(answer.status, answer.text).toBe(400);
    }
    expect(loggedErrors).toEqual([]);
  });

  it('shows a contact history across a completed chat and the new chat a later message opened, newest first, paginated', async () => {
    const { post, list, history, events } = await setUp();
    await post({ sender: 'carol', id: 'c1', message: 'one', timestamp: at(1) });
    await post({ sender: 'carol', id: 'c2', message: 'two', timestamp: at(2) });
    await post({ sender: 'dave', id: 'd1', message: 'other contact', timestamp: at(3) });
    const chats = (await list()).items;
    expect(chats).toHaveLength(2);
    const chatA = (await Promise.all(chats.map(async (c) => ({ chat: c, texts: (await history({ chatId: c.id })).items.map((m) => m.text) }))))
      .find((c) => c.texts.includes('one'))!.chat;
    await completeChat(chatA.id);
    await post({ sender: 'carol', id: 'c1', message: 'one, redelivered after completion', timestamp: at(1) });
    await post({ sender: 'carol', id: 'c3', message: 'three', timestamp: at(4) });
    await post({ sender: 'carol', id: 'c4', message: 'four', timestamp: at(5) });
    await post({ sender: 'carol', id: 'c5', message: 'five', timestamp: at(6) });
    const carols = (await list({ limit: 200 })).items.filter((c) => c.contactId === chatA.contactId);
    expect(carols.map((c) => c.status).sort()).toEqual(['completed', 'new']);
    const chatB = carols.find((c) => c.status === 'new')!;
    expect(events.filter((e) => e.type === 'chat.created')).toHaveLength(3);
    const pages = await allPages((cursor) => history({ contactId: chatA.contactId, limit: 2, cursor }));
    expect(pages.map((p) => p.map((m) => m.text))).toEqual([['five', 'four'], ['three', 'two'], ['one']]);
    expect(pages.flat().map((m) => m.chatId)).toEqual([chatB.id, chatB.id, chatB.id, chatA.id, chatA.id]);
    expect((await history({ chatId: chatA.id })).items.map((m) => m.externalId)).toEqual(['c2', 'c1']);
    expect((await history({ chatId: chatB.id })).items.map((m) => m.externalId)).toEqual(['c5', 'c4', 'c3']);
    expect((await list({ status: 'completed' })).items.map((c) => c.id)).toEqual([chatA.id]);
    expect((await list({ status: 'new' })).items.map((c) => c.id)).not.toContain(chatA.id);
  });

  it('answers NOT_FOUND for unknown chat and contact ids and BAD_REQUEST for ids that are not UUIDs', async () => {
    const { client, post } = await setUp();
    await post({ sender: 'erin' });
    expect((await client.query('chats.history', { chatId: uuidIds.next() })).code).toBe('NOT_FOUND');
    expect((await client.query('chats.history', { contactId: uuidIds.next() })).code).toBe('NOT_FOUND');
    for (const id of ['nope', '', "x' or '1'='1", 7]) {
      expect((await client.query('chats.history', { chatId: id })).code).toBe('BAD_REQUEST');
      expect((await client.query('chats.history', { contactId: id })).code).toBe('BAD_REQUEST');
    }
    expect((await client.query('chats.history', {})).code).toBe('BAD_REQUEST');
    expect((await client.query('chats.list', { queueId: 'nope' })).code).toBe('BAD_REQUEST');
  });

  it('returns chats and messages in the view shapes DESIGN lists', async () => {
    const { post, list, history, channel } = await setUp();
    await post({
      id: 'shape-1', sender: 'frank', message: 'see attached', timestamp: at(7),
      attachments: [{ uploadUrl: 'https://files.example.com/path/photo.png', fileType: 'Image', fileName: 'photo.png' }],
    });
    const [chat] = (await list()).items;
    for (const key of CHAT_KEYS) expect(chat).toHaveProperty(key);
    expect(chat).toMatchObject({ channelId: channel.id, queueId: channel.queueId, agentId: null, status: 'new', unreadCount: 1 });
    expect(isIsoInstant((chat as unknown as Record<string, unknown>).createdAt)).toBe(true);
    expect(isIsoInstant(chat!.lastMessageAt)).toBe(true);
    const [message] = (await history({ chatId: chat!.id })).items as unknown as Array<Record<string, unknown>>;
    for (const key of MESSAGE_KEYS) expect(message).toHaveProperty(key);
    expect(message).toMatchObject({
      chatId: chat!.id, direction: 'incoming', type: 'image', text: 'see attached', externalId: 'shape-1',
      sentAt: new Date(at(7)).toISOString(), status: null, error: null, sender: { externalId: 'frank' },
    });
    const attachments = message!.attachments as Array<Record<string, unknown>>;
    expect(attachments).toHaveLength(1);
    for (const key of ATTACHMENT_KEYS) expect(attachments[0]).toHaveProperty(key);
    expect(attachments[0]).toMatchObject({ type: 'image', fileName: 'photo.png', sourceRef: 'https://files.example.com/path/photo.png', fileId: null });
  });

  it('shows an agent only the chats of its queues', async () => {
    const { post, caller, channel } = await setUp();
    await post({ sender: 'gina' });
    const outsider: Viewer = { agentId: uuidIds.next<AgentId>(), role: 'agent', queueIds: [uuidIds.next<QueueId>()] };
    const member: Viewer = { agentId: uuidIds.next<AgentId>(), role: 'agent', queueIds: [channel.queueId as QueueId] };
    expect((await caller(outsider).chats.list({})).items).toEqual([]);
    const [chat] = (await caller(member).chats.list({})).items;
    expect(chat?.queueId).toBe(channel.queueId);
    await expect(caller(outsider).chats.history({ chatId: chat!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller(outsider).chats.history({ contactId: chat!.contactId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await caller(member).chats.history({ chatId: chat!.id })).items).toHaveLength(1);
    expect((await caller().chats.list({ mine: true })).items).toEqual([]);
  });

  it('filters chats by queue and status', async () => {
    const { post, list, client, channel } = await setUp();
    await post({ sender: 'in-first-queue' });
    const secret = newSecret();
    const other = await createCustomChannel(client, { secret });
    expect((await client.webhook(other.id, customMessage({ sender: 'in-second-queue' }), { secret })).status).toBe(200);
    expect(other.queueId).not.toBe(channel.queueId);
    const first = (await list({ queueId: channel.queueId })).items;
    expect(first.map((c) => c.queueId)).toEqual([channel.queueId]);
    expect((await list({ queueId: other.queueId })).items.map((c) => c.queueId)).toEqual([other.queueId]);
    expect((await list({ queueId: uuidIds.next() })).items).toEqual([]);
    expect((await list({ status: 'new' })).items).toHaveLength(2);
    expect((await list({ status: 'active' })).items).toEqual([]);
    expect((await list({ status: 'new', queueId: other.queueId })).items).toHaveLength(1);
  });
});
