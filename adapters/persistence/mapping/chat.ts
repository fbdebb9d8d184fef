import { EntitySchema } from '@mikro-orm/core';
import { Chat } from '../../../domain/chat.ts';

/** Table `chat`: at most one open chat per (channel_id, contact_id), by a partial unique index. */
export const ChatSchema = new EntitySchema<Chat>({
  class: Chat,
  tableName: 'chat',
  properties: {
    id: { type: 'uuid', primary: true },
    channelId: { type: 'uuid' },
    contactId: { type: 'uuid' },
    queueId: { type: 'uuid' },
    agentId: { type: 'uuid', nullable: true },
    status: { type: 'text' },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    lastMessageAt: { type: 'Date', columnType: 'timestamptz' },
    unreadCount: { type: 'integer' },
    completedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    isOpen: { type: 'boolean', persist: false, getter: true },
  },
});
