import type { MigrationObject } from '@mikro-orm/core';
import { InitialSchema } from './0001-initial-schema.ts';
import { MessageMetadata } from './0002-message-metadata.ts';
import { ChannelConnection } from './0003-channel-connection.ts';
import { AgentsRouting } from './0004-agents-routing.ts';
import { ContactsMerge } from './0005-contacts-merge.ts';
import { OutgoingDelivery } from './0006-outgoing-delivery.ts';
import { EventLogTable } from './0007-event-log.ts';
import { ReadIndexes } from './0008-read-indexes.ts';

/** Every migration, in order; listed by hand (no glob) so Node, tsx and Deno load the same ones. */
export const migrationsList: MigrationObject[] = [
  { name: '0001-initial-schema', class: InitialSchema },
  { name: '0002-message-metadata', class: MessageMetadata },
  { name: '0003-channel-connection', class: ChannelConnection },
  { name: '0004-agents-routing', class: AgentsRouting },
  { name: '0005-contacts-merge', class: ContactsMerge },
  { name: '0006-outgoing-delivery', class: OutgoingDelivery },
  { name: '0007-event-log', class: EventLogTable },
  { name: '0008-read-indexes', class: ReadIndexes },
];
