import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../application/ports/clock.ts';
import type { DeliveryStore, PendingDelivery, RecordedDelivery } from '../../../application/ports/delivery-store.ts';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import type { Ids } from '../../../application/ports/ids.ts';
import { DELIVER_MESSAGE } from '../../../application/jobs/kinds.ts';
import { DELIVERY_ATTEMPTS } from '../../../application/messages/outgoing-queue.ts';
import type { ChatId, JobId, MessageId } from '../../../domain/ids.ts';
import type { DeliveryStatus } from '../../../domain/message.ts';
import { isUuid } from '../entity-writes.ts';
import { APPEND_LOCK, EVENT_CHANNEL } from '../mikro-orm-event-log.ts';
import { withRawClient, type RawClient } from '../raw-connection.ts';
import { attachmentOf, messageOf, type Row } from '../read-rows.ts';
import { PENDING_SQL, RECORD_SQL } from './delivery-sql.ts';

/** What the SQL delivery store needs besides the database. */
export interface SqlDeliveryStoreOptions {
  readonly ids: Ids;
  readonly clock: Clock;
  /** Told after each record that committed something: the event it logged, and how many jobs it enqueued. */
  readonly onCommitted: (events: readonly SwitchboardEvent[], enqueuedJobs: number) => void;
}

interface RecordRow {
  chat_id: string | null;
  status: DeliveryStatus | null;
  moved: boolean;
  jobs: number;
}

/**
 * The delivery store in hand-written statements on a raw connection: the pending message in one read, an
 * outcome in one transaction of three round trips (begin with the chat's outgoing queue held, the record
 * statement, commit), where the repositories took eleven statements through the ORM and an event append after.
 */
export function createSqlDeliveryStore(orm: MikroORM, options: SqlDeliveryStoreOptions): DeliveryStore {
  const toMessage = messageOf(orm.em as EntityManager);
  return {
    async pending(messageId) {
      if (!isUuid(messageId)) return undefined;
      const { rows } = await withRawClient(orm, (client) =>
        client.query<Row>({ name: 'switchboard-delivery-pending', text: PENDING_SQL, values: [messageId] }));
      const row = rows[0];
      if (!row) return undefined;
      const pending: PendingDelivery = {
        message: toMessage(row),
        recipientId: (row.recipient_id as string | null) ?? undefined,
        attachments: (row.attachments as Row[]).map(attachmentOf),
      };
      return pending;
    },
    async record(message, outcome) {
      if (!isUuid(message.id) || !isUuid(message.chatId)) return;
      const row = await withRawClient(orm, (client) => recordHeld(client, message.chatId, recordParams(message.id, outcome, options)));
      if (!row?.moved && !row?.jobs) return;
      const events: SwitchboardEvent[] = row.moved && row.status
        ? [{ type: 'message.status_changed', chatId: row.chat_id as ChatId, messageId: message.id, status: row.status }]
        : [];
      options.onCommitted(events, row.jobs);
    },
  };
}

/**
 * The record statement in a transaction that first takes the chat's outgoing queue lock (the one sends take,
 * MessageRepository.lockOutgoing), in a statement of its own: a statement sees only what was committed when
 * it began, so one that waited for the lock inside itself would miss a send committed meanwhile.
 */
async function recordHeld(client: RawClient, chatId: ChatId, params: unknown[]): Promise<RecordRow | undefined> {
  // The key is a checked uuid, so it can stand in the text: begin and lock are then one round trip.
  await client.query(`begin; select pg_advisory_xact_lock(hashtextextended('outgoing:${chatId}', 0))`);
  try {
    const { rows } = await client.query<RecordRow>({ name: 'switchboard-delivery-record', text: RECORD_SQL, values: params });
    await client.query('commit');
    return rows[0];
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

function recordParams(messageId: MessageId, outcome: RecordedDelivery, options: SqlDeliveryStoreOptions): unknown[] {
  const now = options.clock.now();
  return [
    messageId, outcome.kind, outcome.kind === 'failed' ? outcome.reason : null, outcome.kind === 'sent' ? outcome.externalId : null,
    options.ids.next<JobId>(), now, DELIVER_MESSAGE, DELIVERY_ATTEMPTS, APPEND_LOCK, EVENT_CHANNEL,
  ];
}
