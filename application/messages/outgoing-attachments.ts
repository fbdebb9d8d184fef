import { Attachment, type AttachmentType } from '../../domain/attachment.ts';
import { notFound } from '../../domain/errors.ts';
import type { FileId, MessageId } from '../../domain/ids.ts';
import type { Ids } from '../ports/ids.ts';
import type { FileStorage, StoredFile } from '../ports/file-storage.ts';

/** What an agent's file is, by its MIME type: image/*, video/*, audio/*, anything else a file. */
export function attachmentTypeOfMime(mimeType: string): AttachmentType {
  const family = mimeType.trim().toLowerCase().split('/')[0];
  if (family === 'image' || family === 'video' || family === 'audio') return family;
  return 'file';
}

/** The uploaded files an outgoing message refers to; throws not_found (FILE_NOT_FOUND) for an unknown one. */
export async function findUploadedFiles(files: FileStorage, fileIds: readonly FileId[]): Promise<StoredFile[]> {
  const found: StoredFile[] = [];
  for (const id of fileIds) {
    const stored = await files.find(id);
    if (!stored) throw notFound('file', id);
    found.push(stored.file);
  }
  return found;
}

/** Attachments of an outgoing message: already stored (ours), so nothing is left to download. */
export function outgoingAttachments(ids: Ids, messageId: MessageId, files: readonly StoredFile[]): Attachment[] {
  return files.map((file) => {
    const attachment = new Attachment({
      id: ids.next(), messageId, type: attachmentTypeOfMime(file.mimeType), sourceRef: null,
      mimeType: file.mimeType, fileName: file.fileName, fileSize: file.size,
    });
    attachment.stored({ fileId: file.id, mimeType: file.mimeType, fileSize: file.size, fileName: file.fileName });
    return attachment;
  });
}
