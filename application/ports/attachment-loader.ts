import type { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';

/** What fetching an attachment from its messenger came to. Expected outcomes are data, surprises are thrown. */
export type LoadOutcome =
  | { readonly kind: 'loaded'; readonly bytes: Uint8Array; readonly mimeType: string; readonly fileName: string | null }
  | { readonly kind: 'retry'; readonly reason: string; readonly afterMs?: number | undefined }
  | { readonly kind: 'not_downloadable'; readonly reason: string };

/** Fetches an attachment's bytes from its messenger, at most `maxBytes` [Creatio's IAttachmentsLoadWorker]. */
export interface AttachmentLoader {
  load(channel: Channel, attachment: Attachment, maxBytes: number): Promise<LoadOutcome>;
}
