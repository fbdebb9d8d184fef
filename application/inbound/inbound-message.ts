import type { AttachmentType } from '../../domain/attachment.ts';
import type { ProfileData } from '../../domain/contact.ts';
import type { MessageType } from '../../domain/message.ts';

/** An attachment as a provider's converter describes it. */
export interface InboundAttachment {
  readonly type: AttachmentType;
  /** The provider's reference: a URL, a file id, a media id. */
  readonly sourceRef: string;
  readonly fileName?: string | undefined;
  readonly mimeType?: string | undefined;
  readonly fileSize?: number | undefined;
}

/** A message in the unified shape every provider's converter produces [Creatio's MessagingMessage]. */
export interface InboundMessage {
  /** Unique per channel for this message, redeliveries included (e.g. Telegram: chat id + message id). */
  readonly idempotencyKey: string;
  /** The messenger's id of the message, as it shows it. */
  readonly externalId: string | null;
  readonly sender: { readonly externalId: string; readonly profile?: ProfileData | undefined };
  readonly type: MessageType;
  readonly text: string;
  readonly sentAt: Date;
  readonly attachments: readonly InboundAttachment[];
  /** What the messenger tells beyond text (location coordinates, a shared contact, a postback payload...). */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
}
