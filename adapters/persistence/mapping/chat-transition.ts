import { EntitySchema } from '@mikro-orm/core';
import { ChatTransition } from '../../../domain/transition.ts';

/** Table `chat_transition`: written once, never changed; read per chat in (at, id) order. */
export const ChatTransitionSchema = new EntitySchema<ChatTransition>({
  class: ChatTransition,
  tableName: 'chat_transition',
  properties: {
    id: { type: 'uuid', primary: true },
    chatId: { type: 'uuid' },
    kind: { type: 'text' },
    fromStatus: { type: 'text' },
    fromAgentId: { type: 'uuid', nullable: true },
    fromQueueId: { type: 'uuid' },
    toStatus: { type: 'text' },
    toAgentId: { type: 'uuid', nullable: true },
    toQueueId: { type: 'uuid' },
    byAgentId: { type: 'uuid', nullable: true },
    comment: { type: 'text', nullable: true },
    at: { type: 'Date', columnType: 'timestamptz' },
  },
});
