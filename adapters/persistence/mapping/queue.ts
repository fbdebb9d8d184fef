import { EntitySchema } from '@mikro-orm/core';
import { Queue } from '../../../domain/queue.ts';

/** Table `queue`. */
export const QueueSchema = new EntitySchema<Queue>({
  class: Queue,
  tableName: 'queue',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    routing: { type: 'text' },
    offlinePolicy: { type: 'text' },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
  },
});
