import type { InboundEvent } from '../../../application/inbound/inbound-event.ts';
import type { InboundMessage } from '../../../application/inbound/inbound-message.ts';
import { Attachment, type AttachmentType } from '../../../domain/attachment.ts';
import { Channel, type ChannelSettings } from '../../../domain/channel.ts';
import type { AttachmentId, ChannelId, ChatId, MessageId, QueueId } from '../../../domain/ids.ts';
import { Message } from '../../../domain/message.ts';
import type { ProviderOptions } from '../../../adapters/providers/provider-module.ts';

/** The signing secret of the test channels. */
export const SECRET = 'test-secret-0123456789abcdef';

/** The instant the providers' clock shows in these tests. */
export const NOW = new Date('2025-03-01T10:00:00.000Z');

/** Provider options with a fixed clock and short, generous-enough limits. */
export const providerOptions = (overrides: Partial<ProviderOptions> = {}): ProviderOptions => ({
  timeoutMs: 5_000, retryDelayMs: 15_000, clock: { now: () => NOW }, ...overrides,
});

/** A custom channel with these settings. */
export const customChannel = (settings: ChannelSettings = { secret: SECRET }): Channel => new Channel({
  id: '01900000-0000-7000-8000-000000000001' as ChannelId, name: 'Shop', provider: 'custom', source: 'shop-bot',
  queueId: '01900000-0000-7000-8000-0000000000aa' as QueueId, settings, createdAt: NOW,
});

/** An outgoing message an agent wrote. */
export const outgoingMessage = (text = 'Hello from support'): Message => new Message({
  id: '01900000-0000-7000-8000-0000000000e1' as MessageId, chatId: '01900000-0000-7000-8000-0000000000c1' as ChatId,
  channelId: customChannel().id, direction: 'outgoing', type: 'text', text, externalId: null, idempotencyKey: null,
  senderExternalId: null, sentAt: NOW, createdAt: NOW,
});

let attachments = 0;

/** An attachment pointing at `sourceRef`. */
export const attachmentAt = (sourceRef: string | null, init: { type?: AttachmentType; fileName?: string | null } = {}): Attachment =>
  new Attachment({
    id: `01900000-0000-7000-8000-${String((attachments += 1)).padStart(12, '0')}` as AttachmentId,
    messageId: outgoingMessage().id, type: init.type ?? 'file', sourceRef, fileName: init.fileName ?? null,
  });

/** The UTF-8 bytes of a text. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The message of a parsed webhook event; fails the test when the event is not a message. */
export function messageOf(event: InboundEvent | undefined): InboundMessage {
  if (event?.kind !== 'message') throw new Error(`expected a message event, got ${event?.kind ?? 'nothing'}`);
  return event.message;
}
