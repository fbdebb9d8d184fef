import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../application/ports/clock.ts';
import type { DeliveryStore, PendingDelivery, Queued, RecordedDelivery } from '../../../application/ports/delivery-store.ts';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import type { Ids } from '../../../application/ports/ids.ts';
import { DELIVER_MESSAGE } from '../../../application/jobs/kinds.ts';
import { chatCompleted, DELIVERY_ATTEMPTS } from '../../../application/messages/outgoing-queue.ts';
import type { ChatId, JobId, MessageId } from '../../../domain/ids.ts';
import type { Attachment } from '../../../domain/attachment.ts';
import { notFound } from '../../../domain/errors.ts';
import type { DeliveryStatus, Message } from '../../../domain/message.ts';
import { isUuid } from '../entity-writes.ts';
import { APPEND_LOCK, EVENT_CHANNEL } from '../mikro-orm-event-log.ts';
import { withRawClient, type RawClient } from '../raw-connection.ts';
import { attachmentOf, messageOf, type Row } from '../read-rows.ts';
import { ENQUEUE_SQL, PENDING_SQL, RECORD_SQL, STORED_UNDER_KEY_SQL } from './delivery-sql.ts';

/** What the SQL delivery store needs besides the database. */
export interface SqlDeliveryStoreOptions {
  readonly ids: Ids;
  readonly clock: Clock;
  /** Told after each record that committed something: the event it logged, and how many jobs it enqueued. */
  readonly onCommitted: (events: readonly SwitchboardEvent[], enqueuedJobs: number) => void;
}

interface EnqueueRow {
  chat_status: string | null;
  created: number;
  jobs: number;
  known: Row | null;
  known_attachments: Row[];
}

interface RecordRow {
  chat_id: string | null;
  status: DeliveryStatus | null;
  moved: boolean;
  jobs: number;
}

/**
 * The delivery store in hand-written statements on a raw connection: a send, and a delivery's outcome, each
 * in one transaction of three round trips (begin with the chat's outgoing queue held, one statement, commit),
 * the pending message in one read. Through the repositories and the ORM a send took nine statements and a
 * delivery eleven, each with an event append after its commit.
 */
export function createSqlDeliveryStore(orm: MikroORM, options: SqlDeliveryStoreOptions): DeliveryStore {
  const toMessage = messageOf(orm.em as EntityManager);
  return {
    async enqueue(chatId, idempotencyKey, build) {
      if (!isUuid(chatId)) throw notFound('chat', chatId);
      const queued = await withRawClient(orm, (client) => inQueueTransaction(client, chatId, async () => {
        const { message, attachments } = build();
        const { rows } = await client.query<EnqueueRow>({ name: 'switchboard-outgoing-enqueue', text: ENQUEUE_SQL, values: enqueueParams(chatId, idempotencyKey, message, attachments, options) });
        return { row: rows[0]!, message, attachments: [...attachments] };
      }));
      const { row } = queued;
      if (row.known) return { message: toMessage(row.known), attachments: row.known_attachments.map(attachmentOf), created: false };
      if (row.chat_status === null) throw notFound('chat', chatId);
      if (row.created === 1) {
        options.onCommitted([{ type: 'message.status_changed', chatId, messageId: queued.message.id, status: 'queued' }], row.jobs);
        return { message: queued.message, attachments: queued.attachments, created: true };
      }
      if (row.chat_status === 'completed') throw chatCompleted(chatId);
      return storedTwin(orm, chatId, idempotencyKey, toMessage);
    },
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
      const row = await withRawClient(orm, (client) => inQueueTransaction(client, message.chatId, async () => {
        const { rows } = await client.query<RecordRow>({ name: 'switchboard-delivery-record', text: RECORD_SQL, values: recordParams(message.id, outcome, options) });
        return rows[0];
      }));
      if (!row?.moved && !row?.jobs) return;
      const events: SwitchboardEvent[] = row.moved && row.status
        ? [{ type: 'message.status_changed', chatId: row.chat_id as ChatId, messageId: message.id, status: row.status }]
        : [];
      options.onCommitted(events, row.jobs);
    },
  };
}

/**
 * Work in a transaction that first takes the chat's outgoing queue lock (the one MessageRepository.lockOutgoing
 * takes), in a statement of its own: a statement sees only what was committed when it began, so one that
 * waited for the lock inside itself would miss a send committed meanwhile.
 */
async function inQueueTransaction<T>(client: RawClient, chatId: ChatId, work: () => Promise<T>): Promise<T> {
  try {
    // The key is a checked uuid, so it can stand in the text: begin and lock are then one round trip. Inside the
    // try: a lock that times out has begun the transaction, and the connection must not go back to the pool in it.
    await client.query(`begin; select pg_advisory_xact_lock(hashtextextended('outgoing:${chatId}', 0))`);
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

/** The message a concurrent send stored first under the key: committed, as this send's insert waited for it. */
async function storedTwin(orm: MikroORM, chatId: ChatId, key: string | null, toMessage: (row: Row) => Message): Promise<Queued> {
  const { rows } = await withRawClient(orm, (client) =>
    client.query<Row>({ name: 'switchboard-outgoing-twin', text: STORED_UNDER_KEY_SQL, values: [chatId, key] }));
  const row = rows[0];
  if (!row) throw new Error(`the send to chat ${chatId} conflicted on key ${key} but the message stored under it cannot be read`);
  return { message: toMessage(row), attachments: (row.attachments as Row[]).map(attachmentOf), created: false };
}

function enqueueParams(chatId: ChatId, key: string | null, message: Message, attachments: readonly Attachment[], options: SqlDeliveryStoreOptions): unknown[] {
  const column = <K extends keyof Attachment>(name: K) => attachments.map((attachment) => attachment[name]);
  return [
    chatId, key, message.id, message.type, message.text, message.agentId, message.sentAt, message.createdAt,
    column('id'), column('type'), column('mimeType'), column('fileName'), column('fileSize'), column('fileId'), column('downloadState'),
    attachments.map((_, index) => index),
    options.ids.next<JobId>(), DELIVER_MESSAGE, DELIVERY_ATTEMPTS, APPEND_LOCK, EVENT_CHANNEL,
    column('sourceRef'), column('downloadError'),
  ];
}

function recordParams(messageId: MessageId, outcome: RecordedDelivery, options: SqlDeliveryStoreOptions): unknown[] {
  const now = options.clock.now();
  return [
    messageId, outcome.kind, outcome.kind === 'failed' ? outcome.reason : null, outcome.kind === 'sent' ? outcome.externalId : null,
    options.ids.next<JobId>(), now, DELIVER_MESSAGE, DELIVERY_ATTEMPTS, APPEND_LOCK, EVENT_CHANNEL,
  ];
}
