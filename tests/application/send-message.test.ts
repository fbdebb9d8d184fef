import { describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../application/inbound/receive-inbound-message.ts';
import { DELIVER_MESSAGE } from '../../application/jobs/kinds.ts';
import { attachmentTypeOfMime } from '../../application/messages/outgoing-attachments.ts';
import { sendMessage, type SendMessageInput } from '../../application/messages/send-message.ts';
import type { Viewer } from '../../application/viewer.ts';
import type { AgentId, ChatId, FileId, QueueId } from '../../domain/ids.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';
import { anInbound, seedChannel, receivedMessage } from './fixtures.ts';

const agentIn = (queueId: QueueId, n = 1): Viewer => ({ agentId: `00000000-0000-7000-8000-a0000000000${n}` as AgentId, role: 'agent', queueIds: [queueId] });
const SUPERVISOR: Viewer = { agentId: '00000000-0000-7000-8000-b00000000001' as AgentId, role: 'supervisor', queueIds: [] };
const BOOTSTRAP_ADMIN: Viewer = { agentId: null, role: 'admin', queueIds: [] };

/** A chat waiting in its queue after a customer wrote, and a sender for it. */
async function waitingChat() {
  const deps = createMemoryDeps();
  const channel = await seedChannel(deps);
  const message = await receivedMessage(deps, channel, anInbound());
  const chatId = message.chatId;
  const send = (input: Omit<SendMessageInput, 'chatId'>, viewer: Viewer = BOOTSTRAP_ADMIN) => sendMessage(deps, viewer, { chatId, ...input });
  return { deps, channel, chatId, send };
}

const deliverJobs = (deps: MemoryDeps) => [...deps.state.jobs.values()].filter((j) => j.request.kind === DELIVER_MESSAGE);
const outgoing = (deps: MemoryDeps) => [...deps.state.messages.values()].filter((m) => m.direction === 'outgoing');
const chatOf = (deps: MemoryDeps, chatId: ChatId) => deps.transaction.run(({ chats }) => chats.get(chatId));
const upload = (deps: MemoryDeps, mimeType: string, fileName = 'f.bin') => deps.files.put(new Uint8Array([1, 2, 3]), { mimeType, fileName });

describe('sendMessage', () => {
  it("moves the chat's activity on to the reply, without counting it unread", async () => {
    const { deps, chatId, send } = await waitingChat();
    deps.clock.advance(60_000);
    await send({ text: 'On it' });
    expect(await chatOf(deps, chatId)).toMatchObject({ lastMessageAt: deps.clock.now(), unreadCount: 1 });
  });

  it('stores the message as queued, returns it at once and enqueues its delivery in the same unit of work', async () => {
    const { deps, chatId, send } = await waitingChat();
    const viewer = agentIn((await chatOf(deps, chatId)).queueId);
    const { message, attachments } = await send({ text: 'Hi there' }, viewer);
    expect(message).toMatchObject({ chatId, direction: 'outgoing', type: 'text', text: 'Hi there', status: 'queued', externalId: null, agentId: viewer.agentId, sentAt: deps.clock.now() });
    expect(attachments).toEqual([]);
    expect(deliverJobs(deps)).toMatchObject([{ request: { payload: { messageId: message.id } }, state: 'pending' }]);
    expect(deps.events.published.at(-1)).toEqual({ type: 'message.status_changed', chatId, messageId: message.id, status: 'queued' });
    expect(deps.events.publishedInsideTransaction).toEqual([]);
  });

  it('leaves a waiting chat waiting: sending is not accepting', async () => {
    const { deps, chatId, send } = await waitingChat();
    await send({ text: 'We will be with you shortly' }, agentIn((await chatOf(deps, chatId)).queueId));
    expect(await chatOf(deps, chatId)).toMatchObject({ status: 'new', agentId: null });
  });

  it('lets supervisors, admins and agents of the queue or of the chat send; others get FORBIDDEN', async () => {
    const { deps, chatId, send } = await waitingChat();
    const chat = await chatOf(deps, chatId);
    const outsider = agentIn('00000000-0000-7000-8000-0000000000ff' as QueueId, 2);
    for (const viewer of [SUPERVISOR, BOOTSTRAP_ADMIN, { ...SUPERVISOR, role: 'admin' as const }, agentIn(chat.queueId)]) {
      await expect(send({ text: 'ok' }, viewer)).resolves.toMatchObject({ message: { status: 'queued' } });
    }
    await expect(send({ text: 'no' }, outsider)).rejects.toMatchObject({ kind: 'forbidden', code: 'CHAT_NOT_VISIBLE' });
    chat.accept(outsider.agentId!);
    await deps.transaction.run(({ chats }) => chats.save(chat));
    await expect(send({ text: 'mine now' }, outsider)).resolves.toMatchObject({ message: { text: 'mine now' } });
    expect(outgoing(deps)).toHaveLength(5);
  });

  it('refuses an empty message, a completed chat and an unknown chat, storing nothing', async () => {
    const { deps, chatId, send } = await waitingChat();
    for (const input of [{}, { text: '' }, { text: ' \n\t ' }, { text: '', attachments: [] }]) {
      await expect(send(input)).rejects.toMatchObject({ kind: 'invalid', code: 'EMPTY_MESSAGE' });
    }
    await expect(sendMessage(deps, BOOTSTRAP_ADMIN, { chatId: '00000000-0000-7000-8000-00000000dead' as ChatId, text: 'x' }))
      .rejects.toMatchObject({ kind: 'not_found', code: 'CHAT_NOT_FOUND' });
    const chat = await chatOf(deps, chatId);
    chat.complete(deps.clock.now());
    await deps.transaction.run(({ chats }) => chats.save(chat));
    await expect(send({ text: 'too late' })).rejects.toMatchObject({ kind: 'conflict', code: 'CHAT_COMPLETED' });
    expect(outgoing(deps)).toEqual([]);
    expect(deliverJobs(deps)).toEqual([]);
  });

  it('attaches uploaded files as stored attachments typed by MIME type; an unknown file is NOT_FOUND', async () => {
    const { deps, send } = await waitingChat();
    const photo = await upload(deps, 'image/png', 'a.png');
    const pdf = await upload(deps, 'application/pdf', 'b.pdf');
    const { message, attachments } = await send({ attachments: [{ fileId: photo.id }, { fileId: pdf.id }] });
    expect(message).toMatchObject({ type: 'image', text: '' });
    expect(attachments).toMatchObject([
      { messageId: message.id, type: 'image', mimeType: 'image/png', fileName: 'a.png', fileSize: 3, fileId: photo.id, sourceRef: null, downloadState: 'done' },
      { type: 'file', mimeType: 'application/pdf', fileName: 'b.pdf', fileId: pdf.id, sourceRef: null, downloadState: 'done' },
    ]);
    await expect(send({ text: 'see file', attachments: [{ fileId: 'no-such-file' as FileId }] })).rejects.toMatchObject({ kind: 'not_found', code: 'FILE_NOT_FOUND' });
    expect(outgoing(deps)).toHaveLength(1);
  });

  it('types attachments by MIME family', () => {
    const types = ['image/jpeg', 'VIDEO/mp4', 'audio/ogg; codecs=opus', 'application/zip', 'text/plain', ''].map(attachmentTypeOfMime);
    expect(types).toEqual(['image', 'video', 'audio', 'file', 'file', 'file']);
  });
});

describe('sendMessage with an idempotency key', () => {
  it('returns the first message to a retried call, sending once, even with a different text', async () => {
    const { deps, send } = await waitingChat();
    const first = await send({ text: 'Hello', idempotencyKey: 'k-1' });
    const again = await send({ text: 'Hello', idempotencyKey: 'k-1' });
    const changed = await send({ text: 'Hello?', idempotencyKey: 'k-1' });
    expect([again.message.id, changed.message.id]).toEqual([first.message.id, first.message.id]);
    expect(changed.message.text).toBe('Hello');
    expect(outgoing(deps)).toHaveLength(1);
    expect(deliverJobs(deps)).toHaveLength(1);
    expect(deps.events.published.filter((e) => e.type === 'message.status_changed')).toHaveLength(1);
  });

  it('keeps keys of different callers apart, and apart from messengers\' message ids', async () => {
    const { deps, chatId, send } = await waitingChat();
    const viewer = agentIn((await chatOf(deps, chatId)).queueId);
    const mine = await send({ text: 'a', idempotencyKey: 'msg-1' }, viewer);
    const admins = await send({ text: 'b', idempotencyKey: 'msg-1' });
    expect(mine.message.id).not.toBe(admins.message.id);
    expect(new Set([mine.message.idempotencyKey, admins.message.idempotencyKey, 'msg-1']).size).toBe(3);
  });

  it('answers CONFLICT to a key reused in another chat, rather than showing that chat\'s message', async () => {
    const { deps, channel, send } = await waitingChat();
    const other = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-2', sender: { externalId: '777' } }));
    await send({ text: 'a', idempotencyKey: 'k-1' });
    await expect(sendMessage(deps, BOOTSTRAP_ADMIN, { chatId: other.chatId, text: 'b', idempotencyKey: 'k-1' }))
      .rejects.toMatchObject({ kind: 'conflict', code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('returns the stored message to a retry that arrives after the chat was completed', async () => {
    const { deps, chatId, send } = await waitingChat();
    const first = await send({ text: 'Bye', idempotencyKey: 'bye' });
    const chat = await chatOf(deps, chatId);
    chat.complete(deps.clock.now());
    await deps.transaction.run(({ chats }) => chats.save(chat));
    expect((await send({ text: 'Bye', idempotencyKey: 'bye' })).message.id).toBe(first.message.id);
  });
});

describe('sendMessage and the chat\'s outgoing queue', () => {
  it('starts a delivery only for the first queued message; the ones behind it wait without a job', async () => {
    const { deps, send } = await waitingChat();
    const first = await send({ text: 'one' });
    await send({ text: 'two' });
    await send({ text: 'three' });
    expect(deliverJobs(deps).map((j) => j.request.payload)).toEqual([{ messageId: first.message.id }]);
  });
});
