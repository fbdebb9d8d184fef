import type { MigrationObject } from '@mikro-orm/core';
import { InitialSchema } from './0001-initial-schema.ts';

/** Every migration, in order; listed by hand (no glob) so Node, tsx and Deno load the same ones. */
export const migrationsList: MigrationObject[] = [
  { name: '0001-initial-schema', class: InitialSchema },
];
