import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { Attachment } from '../../../domain/attachment.ts';

/** Table `attachment`; sizes are bigint (messengers allow files over 2 GiB) read back as numbers. */
export const AttachmentSchema = new EntitySchema<Attachment>({
  class: Attachment,
  tableName: 'attachment',
  properties: {
    id: { type: 'uuid', primary: true },
    messageId: { type: 'uuid' },
    type: { type: 'text' },
    mimeType: { type: 'text', nullable: true },
    fileName: { type: 'text', nullable: true },
    fileSize: { type: new BigIntType('number'), nullable: true },
    sourceRef: { type: 'text', nullable: true },
    fileId: { type: 'text', nullable: true },
    downloadState: { type: 'text' },
    downloadError: { type: 'text', nullable: true },
  },
});
