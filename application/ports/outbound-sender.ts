import type { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';
import type { Message } from '../../domain/message.ts';

/** What a messenger said to one send: expected outcomes a caller branches on. */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly externalId: string }
  | { readonly kind: 'retry'; readonly afterMs: number; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string };

/** One outgoing message, addressed. */
export interface OutboundRequest {
  readonly channel: Channel;
  readonly recipientId: string;
  readonly message: Message;
  readonly attachments: readonly (Attachment & { readonly bytes?: Uint8Array })[];
}

/** Delivers a message through a messenger [Creatio's IOutcomeMessageWorker]. */
export interface OutboundSender {
  send(request: OutboundRequest): Promise<SendOutcome>;
  /** Hands the conversation to the messenger's primary receiver [PassControlToPrimaryReceiver], where it has one. */
  passControlToPrimaryReceiver?(channel: Channel, recipientId: string): Promise<SendOutcome>;
}
