import { describe, expect, it } from 'vitest';
import type { ChannelId, ChatId, MessageId } from '../../domain/ids.ts';
import { DELIVERY_STATUSES, Message, type DeliveryStatus, type MessageDirection } from '../../domain/message.ts';

const SENT_AT = new Date('2025-01-01T10:00:00Z');

const aMessage = (direction: MessageDirection) =>
  new Message({
    id: 'm-1' as MessageId, chatId: 'chat-1' as ChatId, channelId: 'ch-1' as ChannelId, direction, type: 'text', text: 'hello',
    externalId: null, idempotencyKey: null, senderExternalId: null, sentAt: SENT_AT, createdAt: SENT_AT,
  });

/** Every order in which a list of receipts can arrive. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const afterReceipts = (receipts: readonly DeliveryStatus[]) => {
  const message = aMessage('outgoing');
  for (const status of receipts) message.advanceStatus(status);
  return message.status;
};

describe('Message delivery status', () => {
  it('starts queued for outgoing messages and absent for incoming ones', () => {
    expect(aMessage('outgoing').status).toBe('queued');
    expect(aMessage('incoming').status).toBeNull();
  });

  it('moves forward through sent, delivered and read, reporting each change', () => {
    const message = aMessage('outgoing');
    expect(['sent', 'delivered', 'read'].map((s) => message.advanceStatus(s as DeliveryStatus))).toEqual([true, true, true]);
    expect(message.status).toBe('read');
  });

  it('ends at the furthest status whatever order sent, delivered and read arrive in', () => {
    for (const order of permutations<DeliveryStatus>(['sent', 'delivered', 'read'])) {
      expect(afterReceipts(order), order.join(' > ')).toBe('read');
    }
  });

  it('ignores a status that is not ahead, saying it changed nothing', () => {
    const message = aMessage('outgoing');
    message.advanceStatus('delivered');
    expect(message.advanceStatus('sent')).toBe(false);
    expect(message.advanceStatus('delivered')).toBe(false);
    expect(message.advanceStatus('queued')).toBe(false);
    expect(message.status).toBe('delivered');
  });

  it('fails a queued message with the given reason, or "unknown error" when none is given', () => {
    const withReason = aMessage('outgoing');
    expect(withReason.advanceStatus('failed', 'blocked by user')).toBe(true);
    const withoutReason = aMessage('outgoing');
    withoutReason.advanceStatus('failed');
    expect(withReason).toMatchObject({ status: 'failed', error: 'blocked by user' });
    expect(withoutReason).toMatchObject({ status: 'failed', error: 'unknown error' });
  });

  it('treats failed as final: no later receipt moves a failed message', () => {
    for (const next of DELIVERY_STATUSES) {
      const message = aMessage('outgoing');
      message.advanceStatus('failed', 'rejected');
      expect(message.advanceStatus(next)).toBe(false);
      expect(message).toMatchObject({ status: 'failed', error: 'rejected' });
    }
  });

  it('fails a sent message when the messenger reports failure later (WhatsApp: sent, then failed)', () => {
    const message = aMessage('outgoing');
    message.advanceStatus('sent');
    expect(message.advanceStatus('failed', 'undeliverable')).toBe(true);
    expect(message).toMatchObject({ status: 'failed', error: 'undeliverable' });
  });

  it('does not fail a message that was already delivered or read', () => {
    for (const reached of ['delivered', 'read'] as const) {
      const message = aMessage('outgoing');
      message.advanceStatus(reached);
      expect(message.advanceStatus('failed', 'late failure')).toBe(false);
      expect(message).toMatchObject({ status: reached, error: null });
    }
  });

  it('refuses a delivery status on an incoming message with NOT_OUTGOING', () => {
    const message = aMessage('incoming');
    expect(() => message.advanceStatus('read')).toThrow(expect.objectContaining({ kind: 'invalid', code: 'NOT_OUTGOING' }));
    expect(message.status).toBeNull();
  });
});

describe('Message.edit', () => {
  it('changes the text and keeps the original through every later edit', () => {
    const message = aMessage('incoming');
    const first = new Date('2025-01-01T10:01:00Z');
    const second = new Date('2025-01-01T10:02:00Z');
    message.edit('hello there', first);
    message.edit('hello there!', second);
    expect(message).toMatchObject({ text: 'hello there!', originalText: 'hello', editedAt: second });
  });

  it('leaves an unedited message without original text or edit time', () => {
    expect(aMessage('incoming')).toMatchObject({ text: 'hello', originalText: null, editedAt: null });
  });
});
