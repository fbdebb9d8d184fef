import type { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';
import type { Deps } from '../deps.ts';
import type { PendingDelivery } from '../ports/delivery-store.ts';
import type { OutboundRequest } from '../ports/outbound-sender.ts';

/** The request for the channel's sender, with the attachments' bytes; or why it cannot be sent at all. */
export async function outboundRequestOf(
  deps: Pick<Deps, 'files'>, pending: PendingDelivery, channel: Channel,
): Promise<{ request: OutboundRequest } | { problem: string }> {
  const { message, recipientId } = pending;
  if (!channel.isActive) return { problem: `channel ${channel.name} is not active` };
  if (recipientId === undefined) return { problem: `the contact has no identity on channel ${channel.name}` };
  const attachments: (Attachment & { bytes: Uint8Array })[] = [];
  for (const attachment of pending.attachments) {
    const stored = attachment.fileId === null ? undefined : await deps.files.find(attachment.fileId);
    if (!stored) return { problem: `the file of attachment ${attachment.fileName ?? attachment.id} is gone` };
    attachments.push(Object.assign(attachment, { bytes: stored.bytes }));
  }
  return { request: { channel, recipientId, message, attachments } };
}
