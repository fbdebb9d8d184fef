import { describe, expect, it } from 'vitest';
import { ATTACHMENT_TYPES, Attachment, attachmentTypeFrom } from '../../domain/attachment.ts';
import type { AttachmentId, FileId, MessageId } from '../../domain/ids.ts';

const anAttachment = () =>
  new Attachment({ id: 'a-1' as AttachmentId, messageId: 'm-1' as MessageId, type: 'image', sourceRef: 'https://cdn.example/x.jpg', fileName: 'x.jpg', mimeType: 'image/*' });

describe('attachmentTypeFrom', () => {
  it('keeps our own type words, in any case and with spaces around', () => {
    for (const type of ATTACHMENT_TYPES) expect(attachmentTypeFrom(` ${type.toUpperCase()} `)).toBe(type);
  });

  it("maps providers' words to ours", () => {
    expect(['Photo', 'picture', 'gif', 'animation', 'video_note', 'document', 'doc'].map(attachmentTypeFrom))
      .toEqual(['image', 'image', 'image', 'video', 'video', 'file', 'file']);
  });

  it('makes unknown words files', () => {
    expect(['', 'hologram', 'application/pdf'].map(attachmentTypeFrom)).toEqual(['file', 'file', 'file']);
    expect(['constructor', '__proto__', 'hasOwnProperty'].map(attachmentTypeFrom)).toEqual(['file', 'file', 'file']);
  });
});

describe('Attachment', () => {
  it('starts pending, without a stored file, with the hints it was given', () => {
    expect(anAttachment()).toMatchObject({ downloadState: 'pending', fileId: null, fileSize: null, fileName: 'x.jpg', mimeType: 'image/*' });
  });

  it('takes what the download learnt over the provider hints when stored', () => {
    const attachment = anAttachment();
    attachment.failed('timeout');
    attachment.stored({ fileId: 'f-1' as FileId, mimeType: 'image/jpeg', fileSize: 2048, fileName: 'photo.jpg' });
    expect(attachment).toMatchObject({ fileId: 'f-1', mimeType: 'image/jpeg', fileSize: 2048, fileName: 'photo.jpg', downloadState: 'done', downloadError: null });
  });

  it('keeps the hinted file name when the download tells none', () => {
    const attachment = anAttachment();
    attachment.stored({ fileId: 'f-1' as FileId, mimeType: 'image/jpeg', fileSize: 1, fileName: null });
    expect(attachment.fileName).toBe('x.jpg');
  });

  it('records why it can never be downloaded, or why the last try failed', () => {
    const gone = anAttachment();
    gone.notDownloadable('too big');
    const failing = anAttachment();
    failing.failed('HTTP 503');
    expect(gone).toMatchObject({ downloadState: 'not_downloadable', downloadError: 'too big', fileId: null });
    expect(failing).toMatchObject({ downloadState: 'failed', downloadError: 'HTTP 503', fileId: null });
  });
});
