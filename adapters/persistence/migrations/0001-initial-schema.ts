import { Migration } from '@mikro-orm/migrations';

// Hand-written SQL that PostgreSQL 15 and PGlite (PostgreSQL 18) both accept.
const STATEMENTS = [
  `create table queue (
    id uuid primary key, name text not null, routing text not null, created_at timestamptz not null)`,
  `create table agent (
    id uuid primary key, name text not null, role text not null, status text not null,
    capacity integer not null check (capacity >= 0), token_hash text,
    status_changed_at timestamptz not null, created_at timestamptz not null)`,
  `create unique index agent_token_hash_unique on agent (token_hash)`,
  `create table queue_agent (
    queue_id uuid not null references queue (id) on delete cascade,
    agent_id uuid not null references agent (id) on delete cascade,
    primary key (queue_id, agent_id))`,
  `create index queue_agent_agent_id_index on queue_agent (agent_id)`,
  `create table channel (
    id uuid primary key, name text not null, provider text not null, source text not null,
    is_active boolean not null default true, queue_id uuid not null references queue (id),
    settings text not null, created_at timestamptz not null)`,
  // Two active channels cannot answer for one bot, page or phone number.
  `create unique index channel_provider_source_active_unique on channel (provider, source) where is_active`,
  `create table contact (
    id uuid primary key, name text not null, first_name text, last_name text, username text, language text,
    avatar_file_id text, has_fallback_name boolean not null default false, created_at timestamptz not null)`,
  // Identities are per channel (messengers scope sender ids to a bot, page or number). The identity is
  // inserted first (its unique key decides who creates the contact), the contact after it.
  `create table contact_identity (
    id uuid primary key,
    contact_id uuid not null references contact (id) deferrable initially deferred,
    provider text not null, channel_id uuid not null references channel (id), external_id text not null,
    constraint contact_identity_key_unique unique (provider, channel_id, external_id))`,
  `create index contact_identity_contact_id_index on contact_identity (contact_id)`,
  `create table chat (
    id uuid primary key, channel_id uuid not null references channel (id),
    contact_id uuid not null references contact (id), queue_id uuid not null references queue (id),
    agent_id uuid references agent (id), status text not null check (status in ('new', 'active', 'completed')),
    created_at timestamptz not null, last_message_at timestamptz not null,
    unread_count integer not null default 0, completed_at timestamptz)`,
  `create unique index chat_open_unique on chat (channel_id, contact_id) where status <> 'completed'`,
  `create index chat_last_message_index on chat (last_message_at desc, id desc)`,
  `create index chat_queue_last_message_index on chat (queue_id, last_message_at desc, id desc)`,
  `create index chat_agent_last_message_index on chat (agent_id, last_message_at desc, id desc)`,
  `create index chat_contact_id_index on chat (contact_id)`,
  `create table message (
    id uuid primary key, chat_id uuid not null references chat (id), channel_id uuid not null references channel (id),
    direction text not null check (direction in ('incoming', 'outgoing')), type text not null, text text not null,
    external_id text, idempotency_key text, sender_external_id text, agent_id uuid references agent (id),
    sent_at timestamptz not null, created_at timestamptz not null, status text, error text,
    original_text text, edited_at timestamptz,
    constraint message_idempotency_unique unique (channel_id, idempotency_key))`,
  `create index message_chat_sent_index on message (chat_id, sent_at desc, id desc)`,
  `create table attachment (
    id uuid primary key, message_id uuid not null references message (id) on delete cascade,
    type text not null, mime_type text, file_name text, file_size bigint, source_ref text, file_id text,
    download_state text not null, download_error text)`,
  `create index attachment_message_id_index on attachment (message_id)`,
  `create table job (
    id uuid primary key, kind text not null, payload jsonb not null, run_at timestamptz not null,
    attempts integer not null default 0, max_attempts integer not null default 10, locked_until timestamptz,
    state text not null default 'pending' check (state in ('pending', 'failed')), last_error text,
    created_at timestamptz not null default now())`,
  `create index job_due_index on job (run_at) where state = 'pending'`,
];

/** The first schema: every table, with the unique keys that make inbound delivery race-safe. */
export class InitialSchema extends Migration {
  override up(): void {
    for (const statement of STATEMENTS) this.addSql(statement);
  }

  override down(): void {
    for (const table of ['job', 'attachment', 'message', 'chat', 'contact_identity', 'contact', 'channel', 'queue_agent', 'agent', 'queue']) {
      this.addSql(`drop table if exists ${table}`);
    }
  }
}
