import { describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../application/inbound/receive-inbound-message.ts';
import { deliverMessage } from '../../application/jobs/deliver-message.ts';
import { DELIVER_MESSAGE } from '../../application/jobs/kinds.ts';
import { runDueJobs, type JobPolicy } from '../../application/jobs/run-due-jobs.ts';
import type { OutboundRequest, SendOutcome } from '../../application/ports/outbound-sender.ts';
import type { ProviderModule } from '../../application/ports/provider.ts';
import { sendMessage } from '../../application/messages/send-message.ts';
import type { Viewer } from '../../application/viewer.ts';
import type { MessageId } from '../../domain/ids.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';
import { anInbound, seedChannel, receivedMessage } from './fixtures.ts';

const ADMIN: Viewer = { agentId: null, role: 'admin', queueIds: [] };
const POLICY: JobPolicy = { batchSize: 10, leaseMs: 60_000, backoffMs: () => 5_000 };
const handlers = { [DELIVER_MESSAGE]: deliverMessage };

/** A messenger that answers sends with scripted outcomes (then `sent` with ids ext-1, ext-2, …) and keeps every request. */
function scriptedSender() {
  const requests: OutboundRequest[] = [];
  const script: (SendOutcome | Error)[] = [];
  const send = async (request: OutboundRequest): Promise<SendOutcome> => {
    requests.push(request);
    const next = script.shift();
    if (next instanceof Error) throw next;
    return next ?? { kind: 'sent', externalId: `ext-${requests.length}` };
  };
  return { module: { name: 'custom', sender: { send } } as ProviderModule, requests, answerNext: (...outcomes: (SendOutcome | Error)[]) => void script.push(...outcomes) };
}

/** A chat a customer (cust-42) opened, with a send as admin and a worker run of the delivery jobs. */
async function chatWithSender(withSender = true) {
  const sender = scriptedSender();
  const deps = createMemoryDeps({ providers: [withSender ? sender.module : { name: 'custom' }] });
  const channel = await seedChannel(deps);
  const message = await receivedMessage(deps, channel, anInbound({ sender: { externalId: 'cust-42' } }));
  const send = async (text: string) => (await sendMessage(deps, ADMIN, { chatId: message.chatId, text })).message;
  const run = () => runDueJobs(deps, handlers, POLICY);
  return { deps, channel, chatId: message.chatId, sender, send, run };
}

const stored = (deps: MemoryDeps, id: MessageId) => deps.transaction.run(({ messages }) => messages.get(id));
const statusEvents = (deps: MemoryDeps) => deps.events.published.filter((e) => e.type === 'message.status_changed').map((e) => 'status' in e && e.status);
const pendingJobs = (deps: MemoryDeps) => [...deps.state.jobs.values()].filter((j) => j.state === 'pending');

describe('deliverMessage', () => {
  it('hands the message to the channel\'s sender, addressed to the contact, and records sent with the platform\'s id', async () => {
    const { deps, channel, sender, send, run } = await chatWithSender();
    const message = await send('Hello!');
    expect(await run()).toBe(1);
    expect(sender.requests).toMatchObject([{ channel: { id: channel.id }, recipientId: 'cust-42', message: { id: message.id, text: 'Hello!' }, attachments: [] }]);
    expect(await stored(deps, message.id)).toMatchObject({ status: 'sent', externalId: 'ext-1', error: null });
    expect(statusEvents(deps)).toEqual(['queued', 'sent']);
    expect(pendingJobs(deps)).toEqual([]);
  });

  it('gives the sender the attachments with their bytes', async () => {
    const { deps, chatId, sender, run } = await chatWithSender();
    const file = await deps.files.put(new Uint8Array([9, 8, 7]), { mimeType: 'image/png', fileName: 'a.png' });
    await sendMessage(deps, ADMIN, { chatId, text: 'look', attachments: [{ fileId: file.id }] });
    await run();
    expect(sender.requests[0]?.attachments).toMatchObject([{ type: 'image', fileId: file.id, mimeType: 'image/png', bytes: new Uint8Array([9, 8, 7]) }]);
  });

  it('answers whoever wrote last in the chat when its contact has two identities on the channel (a merge)', async () => {
    const { deps, channel, chatId, sender, send, run } = await chatWithSender();
    await deps.transaction.run(async ({ chats, contacts }) => {
      const contact = await contacts.get((await chats.get(chatId)).contactId);
      await contacts.findOrCreateByIdentity({ provider: 'custom', channelId: channel.id, externalId: 'cust-7' }, () => ({ contact, identityId: deps.ids.next() }));
    });
    await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-2', sender: { externalId: 'cust-7' } }));
    await send('Hello again');
    await run();
    expect(sender.requests).toMatchObject([{ recipientId: 'cust-7', message: { chatId } }]);
  });

  it('retries after the delay the messenger asked for, the message staying queued, then records it sent', async () => {
    const { deps, sender, send, run } = await chatWithSender();
    sender.answerNext({ kind: 'retry', afterMs: 42_000, reason: 'HTTP 429 Too Many Requests' });
    const message = await send('Hello');
    await run();
    expect(await stored(deps, message.id)).toMatchObject({ status: 'queued', error: null });
    expect(pendingJobs(deps)).toMatchObject([{ runAt: new Date(deps.clock.now().getTime() + 42_000), lastError: 'HTTP 429 Too Many Requests' }]);
    deps.clock.advance(41_999);
    expect(await run()).toBe(0);
    deps.clock.advance(1);
    expect(await run()).toBe(1);
    expect(await stored(deps, message.id)).toMatchObject({ status: 'sent', externalId: 'ext-2' });
    expect(sender.requests).toHaveLength(2);
  });

  it('records failed with the last reason after the last attempt; a throwing sender is retried like a 5xx', async () => {
    const { deps, sender, send, run } = await chatWithSender();
    sender.answerNext(new Error('socket hang up'), ...Array.from({ length: 9 }, (_, i): SendOutcome => ({ kind: 'retry', afterMs: 1000, reason: `HTTP 503 (${i + 2})` })));
    const message = await send('Hello');
    for (let attempt = 1; attempt <= 10; attempt += 1, deps.clock.advance(5_000)) expect(await run()).toBe(1);
    expect(sender.requests).toHaveLength(10);
    expect(await stored(deps, message.id)).toMatchObject({ status: 'failed', error: 'HTTP 503 (10)' });
    expect(pendingJobs(deps)).toEqual([]);
  });

  it('fails what cannot be sent at all: a provider without a sender, an inactive channel', async () => {
    const { deps, channel, send, run } = await chatWithSender(false);
    const first = await send('one');
    await run();
    expect(await stored(deps, first.id)).toMatchObject({ status: 'failed', error: 'provider custom cannot send messages' });
    channel.deactivate();
    await deps.transaction.run(({ channels }) => channels.save(channel));
    const second = await send('two');
    await run();
    expect(await stored(deps, second.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('not active') });
  });

  it('sends once when the job runs again after its outcome was recorded (a crash before the job completed)', async () => {
    const { deps, sender, send } = await chatWithSender();
    const message = await send('Hello');
    const payload = { messageId: message.id };
    expect(await deliverMessage(deps, payload, { number: 1, isLast: false })).toBeUndefined();
    expect(await deliverMessage(deps, payload, { number: 2, isLast: false })).toBeUndefined();
    expect(sender.requests).toHaveLength(1);
    expect(pendingJobs(deps)).toHaveLength(1);
  });

  it('never lets a later message overtake one the messenger rate-limited', async () => {
    const { deps, sender, send, run } = await chatWithSender();
    sender.answerNext({ kind: 'retry', afterMs: 30_000, reason: 'HTTP 429' });
    const first = await send('first');
    const second = await send('second');
    await run();
    expect(await run()).toBe(0);
    expect(await stored(deps, second.id)).toMatchObject({ status: 'queued' });
    deps.clock.advance(30_000);
    while ((await run()) > 0);
    expect(sender.requests.map((r) => r.message.text)).toEqual(['first', 'first', 'second']);
    expect([(await stored(deps, first.id)).status, (await stored(deps, second.id)).status]).toEqual(['sent', 'sent']);
  });

  it('records a rejection as failed with the messenger\'s reason, without retrying, and goes on with the next message', async () => {
    const { deps, sender, send, run } = await chatWithSender();
    sender.answerNext({ kind: 'rejected', reason: 'HTTP 403 Forbidden: bot was blocked by the user' });
    const sent = [await send('a'), await send('b'), await send('c')];
    while ((await run()) > 0);
    expect(sender.requests.map((r) => r.message.text)).toEqual(['a', 'b', 'c']);
    expect(await stored(deps, sent[0]!.id)).toMatchObject({ status: 'failed', error: 'HTTP 403 Forbidden: bot was blocked by the user' });
    expect(await Promise.all(sent.map(async (m) => (await stored(deps, m.id)).status))).toEqual(['failed', 'sent', 'sent']);
    expect(statusEvents(deps)).toEqual(['queued', 'queued', 'queued', 'failed', 'sent', 'sent']);
    expect(pendingJobs(deps)).toEqual([]);
  });
});
