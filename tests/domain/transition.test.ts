import { describe, expect, it } from 'vitest';
import { Chat } from '../../domain/chat.ts';
import type { AgentId, ChannelId, ChatId, ContactId, QueueId } from '../../domain/ids.ts';
import { ChatTransition, positionOf } from '../../domain/transition.ts';

const AT = new Date('2025-01-01T10:00:00Z');

describe('ChatTransition', () => {
  it('records where a chat stood before and after a change, who made it, and the comment', () => {
    const chat = new Chat({ id: 'c-1' as ChatId, channelId: 'ch' as ChannelId, contactId: 'ct' as ContactId, queueId: 'q-1' as QueueId, createdAt: AT });
    chat.accept('a-1' as AgentId);
    const from = positionOf(chat);
    chat.transfer({ queueId: 'q-2' as QueueId });
    const transition = new ChatTransition({
      id: 't-1', chatId: chat.id, kind: 'transferred', from, to: positionOf(chat), byAgentId: 'a-1' as AgentId, comment: 'billing', at: AT,
    });
    expect(transition).toMatchObject({
      fromStatus: 'active', fromAgentId: 'a-1', fromQueueId: 'q-1', toStatus: 'new', toAgentId: null, toQueueId: 'q-2',
      byAgentId: 'a-1', comment: 'billing', at: AT,
    });
  });

  it('has no comment unless one is given', () => {
    const position = { status: 'new' as const, agentId: null, queueId: 'q' as QueueId };
    const transition = new ChatTransition({ id: 't', chatId: 'c' as ChatId, kind: 'routed', from: position, to: position, byAgentId: null, at: AT });
    expect(transition.comment).toBeNull();
  });
});
