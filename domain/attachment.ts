import type { AttachmentId, FileId, MessageId } from './ids.ts';

export const ATTACHMENT_TYPES = ['image', 'video', 'audio', 'voice', 'file', 'sticker'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export const DOWNLOAD_STATES = ['pending', 'done', 'failed', 'not_downloadable'] as const;
export type DownloadState = (typeof DOWNLOAD_STATES)[number];

/** A file that came with (or goes with) a message: the provider's reference, then our stored copy. */
export class Attachment {
  readonly id: AttachmentId;
  readonly messageId: MessageId;
  readonly type: AttachmentType;
  mimeType: string | null;
  fileName: string | null;
  fileSize: number | null;
  /** The provider's reference: a URL, a file id, a media id. */
  readonly sourceRef: string | null;
  fileId: FileId | null = null;
  downloadState: DownloadState = 'pending';
  downloadError: string | null = null;

  constructor(init: {
    id: AttachmentId; messageId: MessageId; type: AttachmentType; sourceRef: string | null;
    mimeType?: string | null | undefined; fileName?: string | null | undefined; fileSize?: number | null | undefined;
  }) {
    this.id = init.id;
    this.messageId = init.messageId;
    this.type = init.type;
    this.sourceRef = init.sourceRef;
    this.mimeType = init.mimeType ?? null;
    this.fileName = init.fileName ?? null;
    this.fileSize = init.fileSize ?? null;
  }

  /** Records the stored copy; what the download learnt about the file wins over the provider's hints. */
  stored(file: { fileId: FileId; mimeType: string; fileSize: number; fileName?: string | null }): void {
    this.fileId = file.fileId;
    this.mimeType = file.mimeType;
    this.fileSize = file.fileSize;
    this.fileName = file.fileName ?? this.fileName;
    this.downloadState = 'done';
    this.downloadError = null;
  }

  /** A file that can never be fetched (too big, gone): recorded with the reason, not retried. */
  notDownloadable(reason: string): void {
    this.downloadState = 'not_downloadable';
    this.downloadError = reason;
  }

  failed(reason: string): void {
    this.downloadState = 'failed';
    this.downloadError = reason;
  }
}

/** Maps a provider's loose file-type word ("Image", "photo", "document") to ours; unknown words are files. */
export function attachmentTypeFrom(word: string): AttachmentType {
  const normalized = word.trim().toLowerCase();
  if ((ATTACHMENT_TYPES as readonly string[]).includes(normalized)) return normalized as AttachmentType;
  // Own keys only: the word comes from a webhook, and 'constructor' must not find Object's.
  return Object.hasOwn(WORD_TO_TYPE, normalized) ? WORD_TO_TYPE[normalized]! : 'file';
}

const WORD_TO_TYPE: Record<string, AttachmentType> = {
  photo: 'image', picture: 'image', gif: 'image', animation: 'video', video_note: 'video',
  audio: 'audio', voice: 'voice', document: 'file', doc: 'file',
};
