import { EntitySchema } from '@mikro-orm/core';
import { Channel } from '../../../domain/channel.ts';
import { SettingsType } from '../settings-codec.ts';

/** Table `channel`; settings go through the configured settings codec. */
export const ChannelSchema = new EntitySchema<Channel>({
  class: Channel,
  tableName: 'channel',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    provider: { type: 'text' },
    source: { type: 'text' },
    isActive: { type: 'boolean' },
    queueId: { type: 'uuid' },
    settings: { type: SettingsType },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    connectionState: { type: 'text' },
    connectionDetail: { type: 'text', nullable: true },
    connectionCheckedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});
