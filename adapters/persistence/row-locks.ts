import type { EntityDictionary, EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from './entity-writes.ts';

/**
 * Reads rows locked until the transaction ends, in id order (so two lockers never wait on each other), as
 * entities of this unit of work holding the rows' current values. FOR NO KEY UPDATE, not FOR UPDATE:
 * rows that merely reference a locked one (a new chat in a queue, a message by an agent) are not held up.
 */
export async function lockRows<T extends object>(
  em: EntityManager, entity: EntityName<T>, table: string, ids: readonly string[], extra = '', strength: 'no key update' | 'update' = 'no key update',
): Promise<T[]> {
  const valid = [...new Set(ids.filter(isUuid))];
  if (valid.length === 0) return [];
  const rows = await em.execute<EntityDictionary<T>[]>(
    `select * from ${table} where id in (${valid.map(() => '?').join(', ')})${extra} order by id for ${strength}`, valid);
  return rows.map((row) => em.map(entity, row));
}
