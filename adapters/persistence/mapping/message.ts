import { EntitySchema } from '@mikro-orm/core';
import { Message } from '../../../domain/message.ts';

/** Table `message`: unique per (channel_id, idempotency_key), so a redelivery is never a second row. */
export const MessageSchema = new EntitySchema<Message>({
  class: Message,
  tableName: 'message',
  properties: {
    id: { type: 'uuid', primary: true },
    chatId: { type: 'uuid' },
    channelId: { type: 'uuid' },
    direction: { type: 'text' },
    type: { type: 'text' },
    text: { type: 'text' },
    externalId: { type: 'text', nullable: true },
    idempotencyKey: { type: 'text', nullable: true },
    senderExternalId: { type: 'text', nullable: true },
    agentId: { type: 'uuid', nullable: true },
    sentAt: { type: 'Date', columnType: 'timestamptz' },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    status: { type: 'text', nullable: true },
    error: { type: 'text', nullable: true },
    originalText: { type: 'text', nullable: true },
    editedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    metadata: { type: 'json', columnType: 'jsonb', nullable: true },
  },
});
