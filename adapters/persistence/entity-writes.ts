import type { EntityManager } from '@mikro-orm/postgresql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be one of our ids: anything else matches no row (and must not become a SQL error). */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * Writes an entity. One loaded in this unit of work flushes only its changed columns (a concurrent
 * atomic increment of another column survives); a new or detached one is inserted or updated whole.
 */
export async function saveEntity(em: EntityManager, entity: { readonly id: string }): Promise<void> {
  if (isManaged(em, entity)) {
    await em.flush();
    return;
  }
  await em.upsert(entity);
}

/** Whether this unit of work loaded or persisted this very object (so a flush writes its changed columns). */
export const isManaged = (em: EntityManager, entity: { readonly id: string }): boolean =>
  (em.getUnitOfWork().getById(entity.constructor.name, entity.id) as unknown) === entity;

/** Whether a database error is the violation of this unique constraint or index. */
export function violates(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return typeof e === 'object' && e !== null && e.code === '23505' && e.constraint === constraint;
}
