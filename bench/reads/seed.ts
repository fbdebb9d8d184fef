/**
 * Seeds the reads benchmark's database straight into the migrated schema with set-based SQL
 * (generate_series, insert … select): a million messages take seconds, not minutes.
 */

/** How big the seeded workplace is. */
export interface SeedScale {
  readonly channels: number;
  readonly contactsPerChannel: number;
  readonly agents: number;
  readonly queues: number;
  /** Messages in ordinary chats (each chat gets about messages / chats). */
  readonly messages: number;
  /** Chats with long histories, so later pages of history are real. */
  readonly longChats: number;
  readonly longChatMessages: number;
}

/** The issue's size: 1 M messages in 100 k chats, 1 k contacts per channel, 100 agents. */
export const FULL_SCALE: SeedScale = {
  channels: 100, contactsPerChannel: 1000, agents: 100, queues: 5, messages: 940_000, longChats: 20, longChatMessages: 3000,
};

/** Bump when the seed's shape changes: a kept database with another version is seeded again. */
export const SEED_VERSION = 'reads-3';

/** Runs one SQL statement (no parameters needed: the scale goes in as integer literals). */
export type Execute = (sql: string) => Promise<unknown>;

export const chatCount = (scale: SeedScale): number => scale.channels * scale.contactsPerChannel;
export const totalMessages = (scale: SeedScale): number => scale.messages + scale.longChats * scale.longChatMessages;

/** The token of the n-th seeded agent (1-based); the database holds only its SHA-256, as the service does. */
export const agentToken = (n: number): string => `bench-reads-agent-token-${n}`;

// A UUIDv7 as the service mints them (time-ordered): 48 bits of epoch milliseconds, then md5-derived bits.
const v7 = (at: string, seed: string) =>
  `(lpad(to_hex(floor(extract(epoch from ${at}) * 1000)::bigint), 12, '0') || '7' || substr(md5(${seed}), 1, 3) || '8' || substr(md5(${seed}), 4, 15))::uuid`;

// Seeded time runs back from a fixed instant, so two seeds of one version are the same data.
const NOW = `timestamptz '2026-11-01 12:00:00+00'`;

function workplace(s: SeedScale): string[] {
  return [
    `insert into queue (id, name, routing, created_at)
     select ${v7(`${NOW} - interval '400 days'`, `'q' || n`)}, 'Queue ' || n, 'manual', ${NOW} - interval '400 days'
     from generate_series(1, ${s.queues}) n`,
    // Agents 1-90% are agents, then a few supervisors and admins.
    `insert into agent (id, name, role, status, capacity, token_hash, status_changed_at, created_at)
     select ${v7(`${NOW} - interval '399 days'`, `'a' || n`)}, 'Agent ' || n,
       case when n <= ${Math.floor(s.agents * 0.9)} then 'agent' when n <= ${s.agents - 2} then 'supervisor' else 'admin' end,
       'online', 20, encode(sha256(convert_to('bench-reads-agent-token-' || n, 'UTF8')), 'hex'), ${NOW}, ${NOW} - interval '399 days'
     from generate_series(1, ${s.agents}) n`,
    // Each agent serves two neighbouring queues.
    `insert into queue_agent (queue_id, agent_id)
     select q.id, a.id from (select id, row_number() over (order by name) - 1 as i from agent) a
     join (select id, row_number() over (order by created_at, id) - 1 as i from queue) q
       on q.i in (a.i % ${s.queues}, (a.i + 1) % ${s.queues})`,
    `insert into channel (id, name, provider, source, queue_id, settings, created_at)
     select ${v7(`${NOW} - interval '398 days'`, `'ch' || n`)}, 'Channel ' || n, 'custom', 'bench-source-' || n,
       (select id from queue order by created_at, id offset (n % ${s.queues}) limit 1), '{"secret":"bench-secret"}', ${NOW} - interval '398 days'
     from generate_series(1, ${s.channels}) n`,
  ];
}

function people(s: SeedScale): string[] {
  const contacts = chatCount(s);
  return [
    `create temporary table seed_channel as select id, queue_id, row_number() over (order by name) - 1 as i from channel`,
    `insert into contact (id, name, created_at)
     select ${v7(`${NOW} - interval '1 day' * (1 + n % 360)`, `'ct' || n`)}, 'Contact ' || n, ${NOW} - interval '1 day' * (1 + n % 360)
     from generate_series(0, ${contacts - 1}) n`,
    `create temporary table seed_contact as select id, row_number() over (order by name) - 1 as i from contact`,
    `insert into contact_identity (id, contact_id, provider, channel_id, external_id)
     select ${v7(`${NOW} - interval '360 days'`, `'ci' || c.i`)}, c.id, 'custom', ch.id, 'sender-' || c.i
     from seed_contact c join seed_channel ch on ch.i = c.i / ${s.contactsPerChannel}`,
  ];
}

// Chat n: status by n % 20 (1 new, 2 active, 17 completed); the long chats are active; activity spread over 90 days.
function chats(s: SeedScale): string[] {
  const count = chatCount(s);
  return [
    // Agents (role agent) of each queue, numbered within the queue, so chats can be dealt out round-robin.
    `create temporary table seed_agent as
     select a.id, qa.queue_id, row_number() over (partition by qa.queue_id order by a.name) - 1 as r,
       count(*) over (partition by qa.queue_id) as agents_in_queue
     from agent a join queue_agent qa on qa.agent_id = a.id where a.role = 'agent'`,
    `create temporary table seed_chat as
     select n, ${v7(`${NOW} - interval '1 second' * lma_s - interval '2 hours'`, `'chat' || n`)} as id, c.id as contact_id,
       ch.id as channel_id, ch.queue_id,
       case when n < ${s.longChats} then 'active' when n % 20 = 0 then 'new' when n % 20 in (1, 2) then 'active' else 'completed' end as status,
       ${NOW} - interval '1 second' * lma_s as last_message_at
     from (select n, (n * 7919) % (90 * 86400) as lma_s from generate_series(0, ${count - 1}) n) g
     join seed_contact c on c.i = g.n join seed_channel ch on ch.i = g.n / ${s.contactsPerChannel}`,
    `insert into chat (id, channel_id, contact_id, queue_id, agent_id, status, created_at, last_message_at, unread_count, completed_at)
     select sc.id, sc.channel_id, sc.contact_id, sc.queue_id, case when sc.status = 'new' then null else sa.id end,
       sc.status, sc.last_message_at - interval '2 hours', sc.last_message_at, case when sc.status = 'completed' then 0 else sc.n % 4 end,
       case when sc.status = 'completed' then sc.last_message_at + interval '10 minutes' end
     from seed_chat sc join seed_agent sa on sa.queue_id = sc.queue_id and sa.r = (sc.n / 7) % sa.agents_in_queue`,
  ];
}

// Message k of a chat is k minutes before the chat's last message; even k are incoming (the newest is from the customer).
function messages(s: SeedScale): string[] {
  const ordinary = chatCount(s) - s.longChats;
  const perChat = Math.floor(s.messages / ordinary);
  const extra = s.messages - perChat * ordinary;
  const rows = (chatsWhere: string, lastK: string) =>
    `insert into message (id, chat_id, channel_id, direction, type, text, external_id, idempotency_key, sender_external_id,
       agent_id, sent_at, created_at, status)
     select ${v7('m.sent_at', `'m' || m.n || '-' || m.k`)}, m.id, m.channel_id,
       case when m.k % 2 = 0 then 'incoming' else 'outgoing' end, 'text',
       'Message ' || m.k || ' of chat ' || m.n || ': about the order, the delivery and the invoice',
       'x-' || m.n || '-' || m.k, 'x-' || m.n || '-' || m.k,
       case when m.k % 2 = 0 then 'sender-' || m.n end, case when m.k % 2 = 1 then m.agent_id end,
       m.sent_at, m.sent_at, case when m.k % 2 = 1 then 'read' end
     from (select sc.n, k, sc.last_message_at - interval '1 minute' * k as sent_at, c.id, c.channel_id, c.agent_id
           from seed_chat sc join chat c on c.id = sc.id, lateral generate_series(0, ${lastK}) k where ${chatsWhere}) m`;
  return [
    // Ordinary chats: perChat messages each, the first `extra` of them one more.
    rows(`sc.n >= ${s.longChats}`, `${perChat - 1} + case when sc.n - ${s.longChats} < ${extra} then 1 else 0 end`),
    rows(`sc.n < ${s.longChats}`, `${s.longChatMessages - 1}`),
  ];
}

// Every 25th message of a long chat and every 50th message overall carries a file.
const attachments = (s: SeedScale): string[] => [
  `insert into attachment (id, message_id, type, mime_type, file_name, file_size, source_ref, file_id, download_state)
   select ${v7('m.sent_at', `'att' || m.id`)}, m.id, 'image', 'image/jpeg', 'photo.jpg', 48213, 'https://files.example/' || m.id, null, 'pending'
   from message m join seed_chat sc on sc.id = m.chat_id
   where (sc.n < ${s.longChats} and abs(hashtext(m.id::text)) % 25 = 0) or abs(hashtext(m.id::text)) % 50 = 0`,
];

/** Every statement of the seed, in order; run them on one connection (temporary tables), then ANALYZE. */
export function seedStatements(scale: SeedScale): string[] {
  return [...workplace(scale), ...people(scale), ...chats(scale), ...messages(scale), ...attachments(scale),
    'drop table seed_channel', 'drop table seed_contact', 'drop table seed_agent', 'drop table seed_chat',
    'create table if not exists bench_reads_seed (version text not null, scale text not null, seeded_at timestamptz not null)',
    `insert into bench_reads_seed values ('${SEED_VERSION}', '${JSON.stringify(scale)}', now())`,
    'analyze'];
}

/** Seeds, one statement at a time, logging each step's duration. */
export async function seed(execute: Execute, scale: SeedScale, log: (line: string) => void): Promise<number> {
  const started = performance.now();
  for (const statement of seedStatements(scale)) {
    const t0 = performance.now();
    await execute(statement);
    const ms = performance.now() - t0;
    if (ms > 500) log(`  seed: ${statement.trim().split('\n')[0]?.slice(0, 70)} … ${Math.round(ms)} ms`);
  }
  return performance.now() - started;
}
