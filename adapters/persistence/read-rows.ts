import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
import { Attachment } from '../../domain/attachment.ts';
import { Channel } from '../../domain/channel.ts';
import { Chat } from '../../domain/chat.ts';
import { Contact } from '../../domain/contact.ts';
import type { MessagePreview } from '../../application/ports/chat-repository.ts';
import { Message, type MessageDirection, type MessageType } from '../../domain/message.ts';
import { decodeSettings } from './settings-codec.ts';

/**
 * Rows of the list and history pages made into domain objects by hand. Hydrating a page of 50 through
 * the ORM's unit of work (identity map, snapshots, property propagation) cost ten times the query
 * (bench/reads). The objects are plain, as the ORM's are (constructors skipped on load), but not
 * tracked: a use case that changes one loads it with `get` or `lock` first, as every writer does.
 */
export type Row = Record<string, unknown>;

export const CHAT_COLUMNS = 'id, channel_id, contact_id, queue_id, agent_id, status, created_at, last_message_at, unread_count, completed_at';
export const MESSAGE_COLUMNS = 'id, chat_id, channel_id, direction, type, text, external_id, idempotency_key, sender_external_id, agent_id, '
  + 'sent_at, created_at, status, error, original_text, edited_at, metadata';
export const CHANNEL_COLUMNS = 'id, name, provider, source, is_active, queue_id, settings, created_at, connection_state, connection_detail, connection_checked_at';
export const CONTACT_COLUMNS = 'id, name, first_name, last_name, username, language, avatar_file_id, has_fallback_name, created_at';
export const ATTACHMENT_COLUMNS = 'id, message_id, type, mime_type, file_name, file_size, source_ref, file_id, download_state, download_error';

/** The attachments of the message `messageId` (an SQL expression) as a JSON array, oldest id first (rows for `attachmentOf`). */
export const attachmentsJsonOf = (messageId: string): string =>
  `coalesce((select json_agg(a order by a.id) from (select ${ATTACHMENT_COLUMNS} from attachment where message_id = ${messageId}) a), '[]')`;

/**
 * Runs one statement: a page's read, or a single-statement write. Inside a transaction `em.execute` runs
 * it on the transaction's connection. Outside one (Transaction.read and autocommit: every list, history
 * page and token check, a job's reads and its one-statement writes) it goes straight to a pooled `pg`
 * client as a named statement: parsed and planned once per connection, and without knex's and the ORM's
 * per-statement work (together as much as the page's own query, bench/reads/breakdown.ts). The client
 * carries the ORM's type parsers, so rows come back exactly as `em.execute` gives them.
 */
export function runStatement(em: EntityManager, sql: string, params: readonly unknown[]): Promise<Row[]> {
  if (em.getTransactionContext()) return em.execute<Row[]>(sql, [...params]);
  return runOnPooledClient(em, { name: statementName(sql), text: numberedParameters(sql), values: params });
}

/** Parses PostgreSQL's timestamps as the ORM does (its pg type parsers hand them over as text). */
export function dates(em: EntityManager): { at: (value: unknown) => Date; atOrNull: (value: unknown) => Date | null } {
  const platform = em.getPlatform();
  const at = (value: unknown): Date => (value instanceof Date ? value : (platform.parseDate(value as string) as Date));
  return { at, atOrNull: (value) => (value === null || value === undefined ? null : at(value)) };
}

// The fields become own data properties, then the class's prototype is set: assigning them to
// Object.create(prototype) would run the setters MikroORM puts on mapped classes' prototypes (change
// tracking of managed entities), which cost as much as hydrating and half-register the object.
const build = <T extends object>(type: { prototype: T }, fields: Record<string, unknown>): T => Object.setPrototypeOf(fields, type.prototype) as T;

export function chatOf(em: EntityManager): (row: Row) => Chat {
  const { at, atOrNull } = dates(em);
  return (row) => build(Chat, {
    id: row.id, channelId: row.channel_id, contactId: row.contact_id, queueId: row.queue_id, agentId: row.agent_id, status: row.status,
    createdAt: at(row.created_at), lastMessageAt: at(row.last_message_at), unreadCount: Number(row.unread_count), completedAt: atOrNull(row.completed_at),
  });
}

/** A channel, its settings decoded by the ORM's settings codec (decrypted when a key is configured). */
export function channelOf(em: EntityManager): (row: Row) => Channel {
  const { at, atOrNull } = dates(em);
  const platform = em.getPlatform();
  return (row) => build(Channel, {
    id: row.id, name: row.name, provider: row.provider, source: row.source, isActive: row.is_active, queueId: row.queue_id,
    settings: decodeSettings(platform, row.settings as string), createdAt: at(row.created_at),
    connectionState: row.connection_state, connectionDetail: row.connection_detail, connectionCheckedAt: atOrNull(row.connection_checked_at),
  });
}

export function contactOf(em: EntityManager): (row: Row) => Contact {
  const { at } = dates(em);
  return (row) => build(Contact, {
    id: row.id, name: row.name, firstName: row.first_name, lastName: row.last_name, username: row.username, language: row.language,
    avatarFileId: row.avatar_file_id, hasFallbackName: row.has_fallback_name, createdAt: at(row.created_at),
  });
}

/** The newest message's columns of a list row (`last_*`), or null for a chat without messages. */
export function previewOf(em: EntityManager): (row: Row) => MessagePreview | null {
  const { at } = dates(em);
  return (row) => row.last_sent_at === null || row.last_sent_at === undefined ? null : {
    text: row.last_text as string, type: row.last_type as MessageType, direction: row.last_direction as MessageDirection, sentAt: at(row.last_sent_at),
  };
}

export function messageOf(em: EntityManager): (row: Row) => Message {
  const { at, atOrNull } = dates(em);
  return (row) => build(Message, {
    id: row.id, chatId: row.chat_id, channelId: row.channel_id, direction: row.direction, type: row.type, text: row.text,
    externalId: row.external_id, idempotencyKey: row.idempotency_key, senderExternalId: row.sender_external_id, agentId: row.agent_id,
    sentAt: at(row.sent_at), createdAt: at(row.created_at), status: row.status, error: row.error, originalText: row.original_text,
    editedAt: atOrNull(row.edited_at), metadata: row.metadata ?? null,
  });
}

export const attachmentOf = (row: Row): Attachment => build(Attachment, {
  id: row.id, messageId: row.message_id, type: row.type, mimeType: row.mime_type, fileName: row.file_name,
  // bigint arrives as text; sizes are read back as numbers, as the mapping's BigIntType('number') does.
  fileSize: row.file_size === null ? null : Number(row.file_size), sourceRef: row.source_ref, fileId: row.file_id,
  downloadState: row.download_state, downloadError: row.download_error,
});

interface NamedStatement {
  /** Undefined: an unnamed statement, parsed and planned each time. */
  readonly name: string | undefined;
  readonly text: string;
  readonly values: readonly unknown[];
}

interface PooledClient {
  query(statement: NamedStatement): Promise<{ rows: Row[] }>;
}

interface KnexPool {
  acquireConnection(): Promise<PooledClient>;
  releaseConnection(client: PooledClient): Promise<unknown>;
}

async function runOnPooledClient(em: EntityManager, statement: NamedStatement): Promise<Row[]> {
  const pool = (em.getConnection() as PostgreSqlConnection).getKnex().client as unknown as KnexPool;
  const client = await pool.acquireConnection();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await pool.releaseConnection(client);
  }
}

// One name per statement text for the life of the process: pg refuses a name reused for another text.
// The texts are few (one per filter shape, keyset and page size); past a bound (a client cycling page
// sizes), new texts run unnamed, so neither this map nor each server connection's statements grow without end.
const MAX_NAMED_STATEMENTS = 256;
const statementNames = new Map<string, string>();
const statementName = (sql: string): string | undefined => {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) statementNames.set(sql, (name = `switchboard_statement_${statementNames.size + 1}`));
  return name;
};

/** `?` placeholders (knex's, which `em.execute` takes) as pg's `$1, $2, …`; the read statements have no other `?`. */
const numberedParameters = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
};
