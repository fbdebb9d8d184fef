import type { Attachment } from '../../domain/attachment.ts';
import type { AttachmentId, ChannelId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { LoadOutcome } from '../ports/attachment-loader.ts';
import type { JobAttempt, JobResult } from './job-handler.ts';
import { payloadString } from './job-handler.ts';

/** Fetches an incoming attachment from its messenger into file storage, so agents can open it. */
export async function downloadAttachment(deps: Deps, payload: Readonly<Record<string, unknown>>, attempt: JobAttempt): Promise<JobResult> {
  const attachmentId = payloadString(payload, 'attachmentId') as AttachmentId;
  const channelId = payloadString(payload, 'channelId') as ChannelId;
  const { channel, attachment } = await deps.transaction.read(async ({ channels, messages }) => ({
    channel: await channels.get(channelId),
    attachment: await messages.getAttachment(attachmentId),
  }));
  if (attachment.downloadState === 'done' || attachment.downloadState === 'not_downloadable') return;
  const loader = deps.providers.find(channel.provider)?.attachments;
  const outcome: LoadOutcome = loader
    ? await loader.load(channel, attachment, deps.limits.maxAttachmentBytes)
    : { kind: 'not_downloadable', reason: `provider ${channel.provider} cannot load attachments` };
  if (outcome.kind === 'retry' && !attempt.isLast) return { kind: 'retry', reason: outcome.reason, afterMs: outcome.afterMs };
  await record(deps, attachment, outcome);
}

/** Stores the bytes, or records why there are none, so the attachment never stays pending for ever. */
async function record(deps: Deps, attachment: Attachment, outcome: LoadOutcome): Promise<void> {
  if (outcome.kind === 'loaded') {
    const file = await deps.files.put(outcome.bytes, { mimeType: outcome.mimeType, fileName: outcome.fileName ?? attachment.fileName });
    attachment.stored({ fileId: file.id, mimeType: file.mimeType, fileSize: file.size, fileName: file.fileName });
  } else if (outcome.kind === 'not_downloadable') {
    attachment.notDownloadable(outcome.reason);
  } else {
    attachment.failed(outcome.reason);
  }
  await deps.transaction.run(({ messages }) => messages.saveAttachment(attachment));
}
