import { describe, expect, it } from 'vitest';
import { Chat } from '../../domain/chat.ts';
import type { AgentId, ChannelId, ChatId, ContactId, QueueId } from '../../domain/ids.ts';

const OPENED = new Date('2025-01-01T10:00:00Z');
const agentA = 'agent-a' as AgentId;
const agentB = 'agent-b' as AgentId;

const aChat = () =>
  new Chat({ id: 'chat-1' as ChatId, channelId: 'ch-1' as ChannelId, contactId: 'ct-1' as ContactId, queueId: 'q-1' as QueueId, createdAt: OPENED });

const completed = () => {
  const chat = aChat();
  chat.complete(OPENED);
  return chat;
};

describe('Chat lifecycle', () => {
  it('opens new, unassigned, unread-free and open, with lastMessageAt at its creation', () => {
    const chat = aChat();
    expect(chat).toMatchObject({ status: 'new', agentId: null, unreadCount: 0, completedAt: null, isOpen: true });
    expect(chat.lastMessageAt).toEqual(OPENED);
  });

  it('becomes active and owned when an agent accepts it', () => {
    const chat = aChat();
    chat.accept(agentA);
    expect(chat).toMatchObject({ status: 'active', agentId: agentA });
  });

  it('refuses a second accept with CHAT_NOT_WAITING and keeps the first owner', () => {
    const chat = aChat();
    chat.accept(agentA);
    expect(() => chat.accept(agentB)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'CHAT_NOT_WAITING' }));
    expect(chat.agentId).toBe(agentA);
  });

  it('refuses to accept a completed chat with CHAT_NOT_WAITING', () => {
    const chat = completed();
    expect(() => chat.accept(agentA)).toThrow(expect.objectContaining({ code: 'CHAT_NOT_WAITING' }));
    expect(chat.status).toBe('completed');
  });

  it('completes an open chat, new or active, and records when', () => {
    const waiting = aChat();
    const owned = aChat();
    owned.accept(agentA);
    const at = new Date('2025-01-01T11:00:00Z');
    waiting.complete(at);
    owned.complete(at);
    for (const chat of [waiting, owned]) expect(chat).toMatchObject({ status: 'completed', completedAt: at, isOpen: false });
  });

  it('refuses to complete a completed chat with CHAT_COMPLETED and keeps the first completion time', () => {
    const chat = completed();
    expect(() => chat.complete(new Date('2026-01-01T00:00:00Z'))).toThrow(expect.objectContaining({ kind: 'conflict', code: 'CHAT_COMPLETED' }));
    expect(chat.completedAt).toEqual(OPENED);
  });
});

describe('Chat transfer', () => {
  it('to an agent makes the chat active and theirs, from waiting or from another agent', () => {
    const waiting = aChat();
    waiting.transfer({ agentId: agentB });
    const owned = aChat();
    owned.accept(agentA);
    owned.transfer({ agentId: agentB });
    for (const chat of [waiting, owned]) expect(chat).toMatchObject({ status: 'active', agentId: agentB });
  });

  it('to a queue makes the chat wait there again, unassigned', () => {
    const chat = aChat();
    chat.accept(agentA);
    chat.transfer({ queueId: 'q-2' as QueueId });
    expect(chat).toMatchObject({ status: 'new', agentId: null, queueId: 'q-2' });
  });

  it('to the agent who owns it, or to the queue it waits in, fails and changes nothing', () => {
    const owned = aChat();
    owned.accept(agentA);
    expect(() => owned.transfer({ agentId: agentA })).toThrow(expect.objectContaining({ kind: 'invalid', code: 'TRANSFER_TO_OWNER' }));
    const waiting = aChat();
    expect(() => waiting.transfer({ queueId: 'q-1' as QueueId })).toThrow(expect.objectContaining({ kind: 'invalid', code: 'ALREADY_IN_QUEUE' }));
    expect(owned).toMatchObject({ status: 'active', agentId: agentA });
    expect(waiting).toMatchObject({ status: 'new', queueId: 'q-1' });
  });

  it('of a completed chat fails with CHAT_COMPLETED and changes nothing', () => {
    const chat = completed();
    expect(() => chat.transfer({ agentId: agentA })).toThrow(expect.objectContaining({ code: 'CHAT_COMPLETED' }));
    expect(() => chat.transfer({ queueId: 'q-2' as QueueId })).toThrow(expect.objectContaining({ code: 'CHAT_COMPLETED' }));
    expect(chat).toMatchObject({ status: 'completed', agentId: null, queueId: 'q-1' });
  });
});

describe('Chat.requeue', () => {
  it('sends an active chat back to wait in its queue, unassigned', () => {
    const chat = aChat();
    chat.accept(agentA);
    chat.requeue();
    expect(chat).toMatchObject({ status: 'new', agentId: null, queueId: 'q-1' });
  });

  it('refuses a chat that is not active with CHAT_NOT_ACTIVE', () => {
    expect(() => aChat().requeue()).toThrow(expect.objectContaining({ kind: 'conflict', code: 'CHAT_NOT_ACTIVE' }));
    expect(() => completed().requeue()).toThrow(expect.objectContaining({ code: 'CHAT_NOT_ACTIVE' }));
  });
});

describe('Chat.recordIncoming', () => {
  it('counts each message as unread and moves lastMessageAt forward', () => {
    const chat = aChat();
    const later = new Date('2025-01-01T10:05:00Z');
    chat.recordIncoming(later);
    chat.recordIncoming(later);
    expect(chat.unreadCount).toBe(2);
    expect(chat.lastMessageAt).toEqual(later);
  });

  it('never moves lastMessageAt back for a message that arrives late', () => {
    const chat = aChat();
    const newest = new Date('2025-01-01T10:10:00Z');
    chat.recordIncoming(newest);
    chat.recordIncoming(new Date('2025-01-01T10:01:00Z'));
    chat.recordIncoming(new Date('2024-12-31T00:00:00Z'));
    expect(chat.lastMessageAt).toEqual(newest);
    expect(chat.unreadCount).toBe(3);
  });

  it('markRead clears the unread count', () => {
    const chat = aChat();
    chat.recordIncoming(OPENED);
    chat.markRead();
    expect(chat.unreadCount).toBe(0);
  });
});
