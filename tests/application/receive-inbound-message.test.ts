import { describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../application/inbound/receive-inbound-message.ts';
import type { Channel } from '../../domain/channel.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';
import { anInbound, seedChannel } from './fixtures.ts';

const chatsOf = (deps: MemoryDeps) => [...deps.state.chats.values()];
const contactsOf = (deps: MemoryDeps) => [...deps.state.contacts.values()];

async function given(): Promise<{ deps: MemoryDeps; channel: Channel }> {
  const deps = createMemoryDeps();
  return { deps, channel: await seedChannel(deps, { name: 'Support bot' }) };
}

describe('receiveInboundMessage: the first message of a sender', () => {
  it('creates a contact with the fallback name, its identity, a waiting chat and the message', async () => {
    const { deps, channel } = await given();
    const inbound = anInbound();
    const { messageId, duplicate } = await receiveInboundMessage(deps, channel, inbound);
    const message = await deps.transaction.run(({ messages }) => messages.get(messageId));
    const [contact] = contactsOf(deps);
    expect(duplicate).toBe(false);
    expect(contact).toMatchObject({ name: 'New Contact Support bot-4242', hasFallbackName: true });
    expect([...deps.state.identities.values()]).toMatchObject([{ contactId: contact?.id, provider: 'custom', channelId: channel.id, externalId: '4242' }]);
    expect(chatsOf(deps)).toMatchObject([{ contactId: contact?.id, channelId: channel.id, queueId: channel.queueId, status: 'new', unreadCount: 1, lastMessageAt: deps.clock.now() }]);
    expect(message).toMatchObject({ chatId: chatsOf(deps)[0]?.id, direction: 'incoming', text: 'Hello', externalId: 'msg-1', senderExternalId: '4242', status: null });
    expect(await deps.transaction.run(({ messages }) => messages.get(message.id))).toMatchObject({ text: 'Hello' });
  });

  it('names the contact from the profile the inbound message carries', async () => {
    const { deps, channel } = await given();
    await receiveInboundMessage(deps, channel, anInbound({ sender: { externalId: '4242', profile: { firstName: 'Ada', lastName: 'Lovelace', language: 'en' } } }));
    expect(contactsOf(deps)).toMatchObject([{ name: 'Ada Lovelace', hasFallbackName: false, firstName: 'Ada', language: 'en' }]);
  });
});

describe('receiveInboundMessage: later messages', () => {
  it('reuse the contact and the open chat, counting one more unread message', async () => {
    const { deps, channel } = await given();
    const first = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-1' }));
    deps.clock.advance(90_000);
    const second = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-2', text: 'Anyone?', sentAt: new Date('2001-01-01T00:00:00Z') }));
    expect(second.chatId).toBe(first.chatId);
    expect(contactsOf(deps)).toHaveLength(1);
    // Arrival time orders chats: a sender's skewed clock (2001 here) does not move the chat back.
    expect(chatsOf(deps)).toMatchObject([{ unreadCount: 2, lastMessageAt: deps.clock.now() }]);
    expect(deps.state.messages.size).toBe(2);
  });

  it('open a new chat for the same contact once the previous chat is completed', async () => {
    const { deps, channel } = await given();
    const first = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-1' }));
    await deps.transaction.run(async ({ chats }) => {
      const chat = await chats.get(first.chatId);
      chat.complete(deps.clock.now());
      await chats.save(chat);
    });
    const second = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-2' }));
    expect(second.chatId).not.toBe(first.chatId);
    expect(contactsOf(deps)).toHaveLength(1);
    expect(chatsOf(deps).map((c) => [c.contactId, c.status, c.unreadCount])).toEqual([
      [contactsOf(deps)[0]?.id, 'completed', 1],
      [contactsOf(deps)[0]?.id, 'new', 1],
    ]);
  });

  it('from another sender, or on another channel, make another contact and chat', async () => {
    const { deps, channel } = await given();
    const other = await seedChannel(deps, { name: 'Sales bot', source: 'bot-2' });
    await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-1' }));
    await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-2', sender: { externalId: '777' } }));
    await receiveInboundMessage(deps, other, anInbound({ id: 'msg-1' }));
    expect(contactsOf(deps).map((c) => c.name)).toEqual(['New Contact Support bot-4242', 'New Contact Support bot-777', 'New Contact Sales bot-4242']);
    expect(chatsOf(deps)).toHaveLength(3);
  });
});

describe('receiveInboundMessage: redelivery and refusal', () => {
  it('returns the stored message for a redelivery, marked duplicate, and changes nothing', async () => {
    const { deps, channel } = await given();
    const first = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-1', attachments: [] }));
    const eventsBefore = deps.events.published.length;
    const again = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-1', text: 'redelivered copy' }));
    expect(again).toMatchObject({ duplicate: true, messageId: first.messageId, chatId: first.chatId });
    expect(await deps.transaction.run(({ messages }) => messages.get(first.messageId))).toMatchObject({ text: 'Hello' });
    expect(deps.state.messages.size).toBe(1);
    expect(chatsOf(deps)).toMatchObject([{ unreadCount: 1 }]);
    expect(deps.events.published).toHaveLength(eventsBefore);
  });

  it('refuses an inactive channel with CHANNEL_NOT_FOUND and stores nothing', async () => {
    const { deps, channel } = await given();
    channel.deactivate();
    await expect(receiveInboundMessage(deps, channel, anInbound())).rejects.toMatchObject({ kind: 'not_found', code: 'CHANNEL_NOT_FOUND' });
    expect([deps.state.contacts.size, deps.state.chats.size, deps.state.messages.size, deps.events.published.length]).toEqual([0, 0, 0, 0]);
  });
});

describe('receiveInboundMessage: names learnt later', () => {
  it('gives a contact still under its fallback name the name a later message brings, and never renames a known one', async () => {
    const deps = createMemoryDeps();
    const channel = await seedChannel(deps);
    await receiveInboundMessage(deps, channel, anInbound({ id: 'm-1' }));
    await receiveInboundMessage(deps, channel, anInbound({ id: 'm-2', sender: { externalId: '4242', profile: { firstName: 'Ada' } } }));
    await receiveInboundMessage(deps, channel, anInbound({ id: 'm-3', sender: { externalId: '4242', profile: { firstName: 'Someone else' } } }));
    expect([...deps.state.contacts.values()]).toMatchObject([{ name: 'Ada', firstName: 'Ada', hasFallbackName: false }]);
  });
});
