import type { MigrationObject } from '@mikro-orm/core';

type MigrationClass = MigrationObject['class'];

/**
 * Every migration, in order; listed by hand (no glob) so Node, tsx and Deno load the same ones. A start that
 * finds them all applied needs only the names: the classes (and @mikro-orm/migrations behind them, ~2.5 MB of
 * heap and ~100 ms of a start) are loaded only when one is pending.
 */
const MIGRATIONS: ReadonlyArray<readonly [name: string, load: () => Promise<MigrationClass>]> = [
  ['0001-initial-schema', async () => (await import('./0001-initial-schema.ts')).InitialSchema],
  ['0002-message-metadata', async () => (await import('./0002-message-metadata.ts')).MessageMetadata],
  ['0003-channel-connection', async () => (await import('./0003-channel-connection.ts')).ChannelConnection],
  ['0004-agents-routing', async () => (await import('./0004-agents-routing.ts')).AgentsRouting],
  ['0005-contacts-merge', async () => (await import('./0005-contacts-merge.ts')).ContactsMerge],
  ['0006-outgoing-delivery', async () => (await import('./0006-outgoing-delivery.ts')).OutgoingDelivery],
  ['0007-event-log', async () => (await import('./0007-event-log.ts')).EventLogTable],
  ['0008-read-indexes', async () => (await import('./0008-read-indexes.ts')).ReadIndexes],
  ['0009-job-claim-index', async () => (await import('./0009-job-claim-index.ts')).JobClaimIndex],
  ['0010-job-kind-claim-index', async () => (await import('./0010-job-kind-claim-index.ts')).JobKindClaimIndex],
];

/** The names of every migration, in order. */
export const migrationNames: readonly string[] = MIGRATIONS.map(([name]) => name);

/** Every migration with its class, in order (MikroORM's `migrationsList`). */
export const loadMigrations = (): Promise<MigrationObject[]> =>
  Promise.all(MIGRATIONS.map(async ([name, load]) => ({ name, class: await load() })));
