import { describe, expect, it } from 'vitest';
import type { ChatId } from '../../domain/ids.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { agentToken, textsReceived, withOutgoingChat } from './outgoing-chat.ts';
import { dataOf } from './requests.ts';

const MESSAGE_KEYS = ['id', 'chatId', 'direction', 'type', 'text', 'externalId', 'sentAt', 'status', 'error', 'sender', 'attachments'];

// tRPC `messages.send` over HTTP: the queued message, its delivery through a custom channel, who may send, what is refused.
describe.each(availableTestDatabaseKinds())('messages.send on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('returns the queued message at once, then delivers it signed to the receiver and records it sent with its id', async () => {
    const { send, endpoint, channel, outgoing, runDueJobs, events, loggedErrors, chatId } = await withOutgoingChat(db);
    const view = dataOf<Record<string, unknown>>(await send({ text: 'Hello Alice' }));
    expect(Object.keys(view)).toEqual(expect.arrayContaining(MESSAGE_KEYS));
    expect(view).toMatchObject({ chatId, direction: 'outgoing', type: 'text', text: 'Hello Alice', status: 'queued', externalId: null, error: null, sender: null, attachments: [] });
    expect(endpoint.received).toEqual([]);
    await runDueJobs();
    expect(endpoint.received).toMatchObject([{ signatureValid: true, json: { id: view.id, message: 'Hello Alice', recipient: 'alice', sender: channel.source } }]);
    expect(await outgoing()).toMatchObject([{ id: view.id, status: 'sent', externalId: 'remote-1', error: null }]);
    expect(events.filter((e) => e.type === 'message.status_changed').map((e) => 'status' in e && e.status)).toEqual(['queued', 'sent']);
    expect(await db.count('job')).toBe(0);
    expect(loggedErrors).toEqual([]);
  });

  it('lets agents of the chat\'s queue, supervisors and admins send; other agents are FORBIDDEN, strangers UNAUTHORIZED', async () => {
    const { send, queueId, outgoing } = await withOutgoingChat(db);
    const allowed = [await agentToken(db, 'agent', [queueId]), await agentToken(db, 'supervisor'), await agentToken(db, 'admin'), ADMIN_TOKEN];
    for (const token of allowed) expect((await send({ text: 'ok' }, token)).status).toBe(200);
    expect((await send({ text: 'no' }, await agentToken(db, 'agent'))).code).toBe('FORBIDDEN');
    expect((await send({ text: 'no' }, null)).code).toBe('UNAUTHORIZED');
    expect((await send({ text: 'no' }, 'sbt_not-a-token')).code).toBe('UNAUTHORIZED');
    expect((await outgoing()).map((m) => m.text)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('leaves a waiting chat waiting when an agent answers in it', async () => {
    const { send, queueId, client } = await withOutgoingChat(db);
    expect((await send({ text: 'One moment please' }, await agentToken(db, 'agent', [queueId]))).status).toBe(200);
    expect(dataOf<{ items: { status: string; agentId: string | null }[] }>(await client.query('chats.list', {})).items).toMatchObject([{ status: 'new', agentId: null }]);
  });

  it('refuses empty messages, bad input, unknown chats and files, and completed chats, storing nothing', async () => {
    const { send, sent, chatId, loggedErrors, endpoint, runDueJobs, outgoing } = await withOutgoingChat(db);
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'BAD_REQUEST'], [{ text: ' \n ' }, 'BAD_REQUEST'], [{ text: 'x', chatId: 'not-an-id' }, 'BAD_REQUEST'],
      [{ text: 'x', attachments: [{}] }, 'BAD_REQUEST'], [{ text: 'x', idempotencyKey: '' }, 'BAD_REQUEST'], [{ text: 'a\u0000b' }, 'BAD_REQUEST'],
      [{ text: 'x', chatId: uuidIds.next() }, 'NOT_FOUND'], [{ text: 'x', attachments: [{ fileId: uuidIds.next() }] }, 'NOT_FOUND'],
    ];
    for (const [input, code] of cases) expect((await send(input)).code, JSON.stringify(input)).toBe(code);
    await sent({ text: 'Goodbye' });
    await db.transaction.run(async ({ chats }) => {
      const chat = await chats.get(chatId as ChatId);
      chat.complete(new Date());
      await chats.save(chat);
    });
    expect((await send({ text: 'too late' })).code).toBe('CONFLICT');
    expect([await db.count('message'), await db.count('job')]).toEqual([2, 1]);
    // What was queued before the chat completed still goes out: an agent's last words are not dropped.
    await runDueJobs();
    expect([textsReceived(endpoint), (await outgoing()).map((m) => m.status)]).toEqual([['Goodbye'], ['sent']]);
    expect(loggedErrors).toEqual([]);
  });

  it('attaches files uploaded with POST /files, typed by their MIME type', async () => {
    const { sent, client } = await withOutgoingChat(db);
    const upload = async (type: string, name: string) => (await client.request(`/files?name=${name}`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type }, body: new Uint8Array([1, 2, 3, 4]),
    })).json as { id: string };
    const [photo, doc] = [await upload('image/png', 'a.png'), await upload('application/pdf', 'b.pdf')];
    expect(await sent({ text: 'files', attachments: [{ fileId: photo.id }, { fileId: doc.id }] })).toMatchObject({ type: 'image', attachments: [
      { type: 'image', mimeType: 'image/png', fileName: 'a.png', fileSize: 4, sourceRef: null, fileId: photo.id },
      { type: 'file', mimeType: 'application/pdf', fileName: 'b.pdf', fileSize: 4, sourceRef: null, fileId: doc.id },
    ] });
  });

  it('stores and delivers once a send retried 5 times at once with one idempotency key, even with another text', async () => {
    const { send, endpoint, runDueJobs, outgoing } = await withOutgoingChat(db);
    const answers = await Promise.all(['Thanks!', 'Thanks!', 'Thanks!', 'Thanks!!', 'Thanks!'].map((text) => send({ text, idempotencyKey: 'reply-1' })));
    const ids = answers.map((a) => dataOf<{ id: string; text: string }>(a));
    expect(new Set(ids.map((m) => m.id)).size).toBe(1);
    expect(new Set(ids.map((m) => m.text)).size).toBe(1);
    await runDueJobs();
    expect((await send({ text: 'Thanks!', idempotencyKey: 'reply-1' })).data).toMatchObject({ id: ids[0]?.id, status: 'sent' });
    await runDueJobs();
    expect(textsReceived(endpoint)).toHaveLength(1);
    expect(await outgoing()).toHaveLength(1);
  });
});
