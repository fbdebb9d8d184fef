import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { chatIdOf, namedIn, payloadOf, type Audience, type EventLog, type StoredEvent } from '../events/event-log.ts';

/** The PostgreSQL channel that carries the id of every new entry, for the other instances' listeners. */
export const EVENT_CHANNEL = 'switchboard_events';

// Taken by every append until its commit: ids are drawn and committed in one order, so a reader that
// has seen id n never sees an id below n appear later (a plain bigserial would allow that).
export const APPEND_LOCK = 0x5357_4556;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface EventRow {
  id: string;
  type: string;
  chat_id: string | null;
  queue_id: string | null;
  agent_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date | string;
}

const COLUMNS = 'id::text as id, type, chat_id, queue_id, agent_id, payload, created_at';

/** The event log in the `event` table; each append notifies EVENT_CHANNEL when it commits. */
export function createMikroOrmEventLog(orm: MikroORM): EventLog {
  const em = () => orm.em.fork() as EntityManager;
  return {
    async append(event, at) {
      const payload = payloadOf(event);
      const chatId = chatIdOf(event);
      // One statement, one transaction: lock, insert with the chat's queue and agent, notify on commit.
      const rows = await em().execute<EventRow[]>(
        `with locked as (select pg_advisory_xact_lock(?) as ok),
         inserted as (
           insert into event (type, chat_id, queue_id, agent_id, payload, created_at)
           select ?, ?::uuid, coalesce(chat.queue_id, ?::uuid), coalesce(?::uuid, chat.agent_id), ?::jsonb, ?
           from locked left join chat on chat.id = ?::uuid
           returning ${COLUMNS})
         select inserted.*, pg_notify(?, inserted.id) from inserted`,
        [APPEND_LOCK, event.type, uuidOrNull(chatId), uuidOrNull(namedIn(payload, 'queueId')), uuidOrNull(namedIn(payload, 'agentId')),
          JSON.stringify(payload), at, uuidOrNull(chatId), EVENT_CHANNEL]);
      return toStoredEvent(rows[0]!);
    },
    async read(afterId, limit, audience) {
      const [visible, params] = audience ? audienceFilter(audience) : ['true', []];
      const rows = await em().execute<EventRow[]>(
        `select ${COLUMNS} from event where id > ?::bigint and (${visible}) order by event.id limit ?`, [afterId, ...params, limit]);
      return rows.map(toStoredEvent);
    },
    async lastId() {
      const rows = await em().execute<{ id: string }[]>('select coalesce(max(id), 0)::text as id from event');
      return rows[0]?.id ?? '0';
    },
    async prune(before) {
      const rows = await em().execute<{ n: number }[]>(
        'with removed as (delete from event where created_at < ? returning 1) select count(*)::int as n from removed', [before]);
      return rows[0]?.n ?? 0;
    },
  };
}

// Ids that are not UUIDs name nothing stored; they are kept out of uuid columns instead of failing the append.
const uuidOrNull = (id: string | null): string | null => (id !== null && UUID.test(id) ? id : null);

// As isVisibleTo: the chat's queue or agent, or the queue or agent the chat moved away from.
function audienceFilter(audience: Audience): [string, unknown[]] {
  const agentId = uuidOrNull(audience.agentId);
  const queueIds = `{${audience.queueIds.filter((id) => UUID.test(id)).join(',')}}`;
  return [
    `agent_id = ?::uuid or queue_id = any(?::uuid[]) or payload->>'fromAgentId' = ? or payload->>'fromQueueId' = any(?::text[])`,
    [agentId, queueIds, agentId, queueIds],
  ];
}

const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id, type: row.type, chatId: row.chat_id, queueId: row.queue_id, agentId: row.agent_id,
  payload: row.payload, at: new Date(row.created_at),
});
