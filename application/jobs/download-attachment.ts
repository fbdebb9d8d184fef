import type { ChannelId, AttachmentId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { JobResult } from './job-handler.ts';
import { payloadString } from './job-handler.ts';

/** Fetches an incoming attachment from its messenger into file storage, so agents can open it. */
export async function downloadAttachment(deps: Deps, payload: Readonly<Record<string, unknown>>): Promise<JobResult> {
  const attachmentId = payloadString(payload, 'attachmentId') as AttachmentId;
  const channelId = payloadString(payload, 'channelId') as ChannelId;
  const { channel, attachment } = await deps.transaction.run(async ({ channels, messages }) => ({
    channel: await channels.get(channelId),
    attachment: await messages.getAttachment(attachmentId),
  }));
  if (attachment.downloadState === 'done' || attachment.downloadState === 'not_downloadable') return;
  const loader = deps.providers.find(channel.provider)?.attachments;
  if (!loader) return { kind: 'give_up', reason: `provider ${channel.provider} cannot load attachments` };
  const outcome = await loader.load(channel, attachment, deps.limits.maxAttachmentBytes);
  if (outcome.kind === 'retry') return { kind: 'retry', reason: outcome.reason, afterMs: outcome.afterMs };
  if (outcome.kind === 'not_downloadable') {
    attachment.notDownloadable(outcome.reason);
  } else {
    const file = await deps.files.put(outcome.bytes, { mimeType: outcome.mimeType, fileName: outcome.fileName ?? attachment.fileName });
    attachment.stored({ fileId: file.id, mimeType: file.mimeType, fileSize: file.size, fileName: file.fileName });
  }
  await deps.transaction.run(({ messages }) => messages.saveAttachment(attachment));
}
