import type { DeliveryStatus, MessageType } from '../../domain/message.ts';
import type { InboundAttachment, InboundMessage } from './inbound-message.ts';

/** A message the account sent from elsewhere (e.g. the Page Inbox), as the messenger echoes it back. */
export interface InboundEcho {
  /** The messenger's id of the message (also its idempotency key). */
  readonly externalId: string;
  /** Our own message id, when we sent it and the messenger echoes our metadata back. */
  readonly ourMessageId?: string | undefined;
  /** The customer the message went to. */
  readonly contactExternalId: string;
  readonly type: MessageType;
  readonly text: string;
  readonly sentAt: Date;
  readonly attachments: readonly InboundAttachment[];
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
}

/** A changed text of a message we received (Telegram `edited_message`). */
export interface InboundEdit {
  readonly idempotencyKey: string;
  readonly text: string;
  readonly editedAt: Date;
  /** What the edit changed beyond text (a live location's new coordinates); replaces the stored metadata. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** The whole message, stored as new when its original never reached us. */
  readonly message: InboundMessage;
}

/** A receipt for one outgoing message, by the messenger's id of it (WhatsApp `statuses`). */
export interface InboundStatus {
  readonly externalId: string;
  readonly status: Exclude<DeliveryStatus, 'queued'>;
  readonly error?: string | undefined;
}

/** A receipt for every outgoing message to a customer up to an instant (Messenger `delivery` / `read`). */
export interface InboundWatermark {
  readonly contactExternalId: string;
  readonly status: 'delivered' | 'read';
  readonly upTo: Date;
  /** Messages the receipt names besides the watermark (Messenger `delivery.mids`). */
  readonly externalIds?: readonly string[] | undefined;
}

/**
 * Everything a webhook can tell, in the unified shape. `source` names the bot/page/number the
 * event is for, when one webhook serves several (Meta apps); absent, it is for the URL's channel.
 */
export type InboundEvent = { readonly source?: string | undefined } & (
  | { readonly kind: 'message'; readonly message: InboundMessage }
  | { readonly kind: 'echo'; readonly echo: InboundEcho }
  | { readonly kind: 'edit'; readonly edit: InboundEdit }
  | { readonly kind: 'status'; readonly status: InboundStatus }
  | { readonly kind: 'watermark'; readonly watermark: InboundWatermark }
  | { readonly kind: 'ignored'; readonly reason: string }
);
