import { describe, expect, it } from 'vitest';
import { handleInboundEvent } from '../../application/inbound/handle-inbound-event.ts';
import type { InboundEvent } from '../../application/inbound/inbound-event.ts';
import { Message } from '../../domain/message.ts';
import type { ChatId, MessageId } from '../../domain/ids.ts';
import type { Channel } from '../../domain/channel.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';
import { anInbound, seedChannel } from './fixtures.ts';

const messagesOf = (deps: MemoryDeps) => [...deps.state.messages.values()];
const handle = (deps: MemoryDeps, channel: Channel, event: InboundEvent) => handleInboundEvent(deps, channel, event);

/** A channel with one incoming message from 4242, and an outgoing one (sent, platform id out-1) in the same chat. */
async function withConversation() {
  const deps = createMemoryDeps();
  const channel = await seedChannel(deps);
  await handle(deps, channel, { kind: 'message', message: anInbound({ id: 'in-1' }) });
  const [incoming] = messagesOf(deps);
  const outgoing = new Message({
    id: deps.ids.next<MessageId>(), chatId: incoming!.chatId as ChatId, channelId: channel.id, direction: 'outgoing', type: 'text',
    text: 'Hi there', externalId: 'out-1', idempotencyKey: null, senderExternalId: null, sentAt: deps.clock.now(), createdAt: deps.clock.now(),
  });
  outgoing.advanceStatus('sent');
  await deps.transaction.run(({ messages }) => messages.save(outgoing));
  const read = (id: string) => deps.transaction.run(({ messages }) => messages.get(id as MessageId));
  return { deps, channel, incoming: incoming!, outgoing, read };
}

describe('edits', () => {
  it('change the text and keep the original; an older edit arriving late changes nothing', async () => {
    const { deps, channel, incoming, read } = await withConversation();
    const edit = (text: string, at: string) => handle(deps, channel, {
      kind: 'edit', edit: { idempotencyKey: 'in-1', text, editedAt: new Date(at), metadata: { v: text }, message: anInbound({ id: 'in-1', text }) },
    });
    await edit('Hello, world', '2025-01-01T10:05:00Z');
    await edit('Hello (stale)', '2025-01-01T10:01:00Z');
    expect(await read(incoming.id)).toMatchObject({ text: 'Hello, world', originalText: 'Hello', metadata: { v: 'Hello, world' } });
    expect(deps.events.published.filter((e) => e.type === 'message.edited')).toHaveLength(1);
  });

  it('of a message that never reached us store the edited message as new', async () => {
    const { deps, channel } = await withConversation();
    await handle(deps, channel, { kind: 'edit', edit: { idempotencyKey: 'in-9', text: 'late', editedAt: new Date(), message: anInbound({ id: 'in-9', text: 'late' }) } });
    expect(messagesOf(deps).map((m) => m.text)).toContain('late');
  });
});

describe('receipts', () => {
  it('move an outgoing message forward only, by its platform id; unknown ids and incoming messages are left alone', async () => {
    const { deps, channel, incoming, outgoing, read } = await withConversation();
    const status = (externalId: string, s: 'delivered' | 'read' | 'sent') => handle(deps, channel, { kind: 'status', status: { externalId, status: s } });
    await status('out-1', 'read');
    await status('out-1', 'delivered');
    await status('unknown', 'read');
    await status('in-1', 'read');
    expect(await read(outgoing.id)).toMatchObject({ status: 'read' });
    expect(await read(incoming.id)).toMatchObject({ status: null });
  });

  it('watermarks move every outgoing message to the customer up to the instant, and those they name', async () => {
    const { deps, channel, outgoing, read } = await withConversation();
    await handle(deps, channel, { kind: 'watermark', watermark: { contactExternalId: 'nobody', status: 'read', upTo: new Date() } });
    expect(await read(outgoing.id)).toMatchObject({ status: 'sent' });
    await handle(deps, channel, { kind: 'watermark', watermark: { contactExternalId: '4242', status: 'delivered', upTo: new Date(0), externalIds: ['out-1'] } });
    expect(await read(outgoing.id)).toMatchObject({ status: 'delivered' });
    await handle(deps, channel, { kind: 'watermark', watermark: { contactExternalId: '4242', status: 'read', upTo: deps.clock.now() } });
    expect(await read(outgoing.id)).toMatchObject({ status: 'read' });
  });
});

describe('echoes', () => {
  const echo = (externalId: string, ourMessageId?: string): InboundEvent => ({
    kind: 'echo', echo: { externalId, ourMessageId, contactExternalId: '4242', type: 'text', text: 'from the Page Inbox', sentAt: new Date(), attachments: [] },
  });

  it('of our own message are matched by our id, never doubled', async () => {
    const { deps, channel, outgoing, read } = await withConversation();
    await handle(deps, channel, echo('out-1', outgoing.id));
    await handle(deps, channel, echo('out-1'));
    expect(messagesOf(deps)).toHaveLength(2);
    expect(await read(outgoing.id)).toMatchObject({ externalId: 'out-1', status: 'sent' });
  });

  it('of a reply sent elsewhere are stored once, as outgoing and sent, in the open chat', async () => {
    const { deps, channel, incoming } = await withConversation();
    await handle(deps, channel, echo('inbox-1'));
    await handle(deps, channel, echo('inbox-1'));
    const stored = messagesOf(deps).filter((m) => m.externalId === 'inbox-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ direction: 'outgoing', status: 'sent', chatId: incoming.chatId, text: 'from the Page Inbox' });
  });
});
