/**
 * The statements of the set-based arrival store: a lookup, then one of two writes. Every input is a column
 * array (`unnest`), so one statement stores any number of arrivals; SQL that PostgreSQL 15 and PGlite
 * (PostgreSQL 18) both accept. Both writes take the same first parameters, $1–$14 (the messages, the event
 * log's lock and channel), and share the SQL that uses them.
 */

/** What is stored already, per arrival: the message under its key, the sender's contact, the contact's open chat. */
export const LOOKUP_SQL = `
select i.ord, m.id::text as message_id, m.chat_id::text as message_chat_id,
       ci.contact_id::text as contact_id, c.has_fallback_name, ch.id::text as chat_id
from unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[]) as i(ord, channel_id, provider, sender, key)
left join message m on m.channel_id = i.channel_id and m.idempotency_key = i.key
left join lateral (
  select contact_id from contact_identity
  where provider = i.provider and channel_id = i.channel_id and external_id = i.sender limit 1) ci on true
left join contact c on c.id = ci.contact_id
left join chat ch on ch.channel_id = i.channel_id and ch.contact_id = ci.contact_id and ch.status <> 'completed'`;

/**
 * The messages ($1–$12; skipped: a key stored meanwhile by another writer, and a message for a chat completed
 * meanwhile — the caller looks again and opens a new one; `orNewChat` admits the chats the statement opens)
 * and the activity of the existing chats they went to, moved under the event log's lock ($13), held to the
 * commit so that event ids commit in the order they are drawn (mikro-orm-event-log.ts). The chats' update or
 * the event insert takes it, whichever runs first; joined into the update, it comes before any chat's row
 * whatever the plan, as in a send (delivery-sql.ts): two writes that took them in opposite orders deadlocked
 * (a 1 s stall until PostgreSQL's deadlock check broke it).
 */
const storeMessages = (orNewChat = '') => `
new_message as (
  insert into message (id, chat_id, channel_id, direction, type, text, external_id, idempotency_key, sender_external_id,
                       sent_at, created_at, metadata)
  select m.id, m.chat_id, m.channel_id, 'incoming', m.type, m.text, m.external_id, m.key, m.sender, m.sent_at, m.created_at, m.metadata::jsonb
  from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
              $9::timestamptz[], $10::timestamptz[], $11::text[], $12::int[])
       as m(id, chat_id, channel_id, type, text, external_id, key, sender, sent_at, created_at, metadata, ord)
  where ${orNewChat}m.chat_id in (select c.id from chat c where c.id = any($2::uuid[]) and c.status <> 'completed')
  order by m.ord
  on conflict (channel_id, idempotency_key) do nothing
  returning id, chat_id, created_at),
activity as (
  select chat_id, count(*)::int as n, max(created_at) as last_at from new_message group by chat_id),
locked as (select pg_advisory_xact_lock($13) as ok),
touched as (
  update chat set unread_count = chat.unread_count + a.n, last_message_at = greatest(chat.last_message_at, a.last_at)
  from activity a, locked where chat.id = a.chat_id and chat.id = any($2::uuid[])
  returning chat.id, chat.queue_id, chat.agent_id)`;

/** The statement's answer: the messages stored, the jobs enqueued, and the events announced to other instances. */
const answer = (jobs: string) => `
select (select coalesce(array_agg(id::text), '{}') from new_message) as stored,
       ${jobs} as jobs,
       (select pg_notify($14, max(id)::text) from new_event having count(*) > 0) as notified`;

/**
 * The write of a batch that only adds messages to chats already open, for known contacts, with no attachment,
 * no name learnt and no job: the messages, their chats' activity and the `message.received` events. Most
 * batches at a steady load are this, and PostgreSQL readies every part of a statement for each execution, so
 * leaving out the parts that would find nothing to do takes ~40 % of the write's time off (bench/README).
 */
export const KNOWN_CHATS_WRITE_SQL = `
with${storeMessages()},
new_event as (
  insert into event (type, chat_id, queue_id, agent_id, payload, created_at)
  select 'message.received', n.chat_id, t.queue_id, t.agent_id, jsonb_build_object('messageId', n.id), n.created_at
  from locked, new_message n
  join unnest($1::uuid[], $12::int[]) as x(id, ord) on x.id = n.id
  left join touched t on t.id = n.chat_id
  order by x.ord
  returning id)${answer('0')}`;

/**
 * Everything the lookup found missing, in one statement (so one commit): contacts with their identities,
 * names learnt, messages, chats opened with their first messages' count (one opened in a manual queue with
 * the reason it waits; the queue's routing is read FOR KEY SHARE — as the chat's foreign key locks it
 * anyway — so an admin's rule change, which holds the row FOR UPDATE, is waited for and seen, while routers,
 * FOR NO KEY UPDATE, never block this), activity of existing chats, attachments, follow-up jobs, and the
 * events, appended under the event log's lock and announced to other instances. An identity or open chat
 * created meanwhile by another writer fails the statement with a unique violation: nothing is stored, and
 * the caller looks again.
 */
export const WRITE_SQL = `
with
new_identity as (
  insert into contact_identity (id, contact_id, provider, channel_id, external_id)
  select * from unnest($23::uuid[], $15::uuid[], $24::text[], $25::uuid[], $26::text[])),
new_contact as (
  insert into contact (id, name, first_name, last_name, username, language, has_fallback_name, created_at)
  select * from unnest($15::uuid[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::boolean[], $22::timestamptz[])),
learnt as (
  update contact set name = l.name, first_name = coalesce(l.first_name, contact.first_name),
    last_name = coalesce(l.last_name, contact.last_name), username = coalesce(l.username, contact.username),
    language = coalesce(l.language, contact.language), has_fallback_name = false
  from unnest($27::uuid[], $28::text[], $29::text[], $30::text[], $31::text[], $32::text[]) as l(id, name, first_name, last_name, username, language)
  where contact.id = l.id and contact.id = any($27::uuid[]) and contact.has_fallback_name),${storeMessages('m.chat_id = any($33::uuid[]) or ')},
new_chat as (
  insert into chat (id, channel_id, contact_id, queue_id, status, created_at, last_message_at, unread_count)
  select d.id, d.channel_id, d.contact_id, d.queue_id, 'new', d.created_at, a.last_at, a.n
  from unnest($33::uuid[], $34::uuid[], $35::uuid[], $36::uuid[], $37::timestamptz[]) as d(id, channel_id, contact_id, queue_id, created_at)
  join activity a on a.chat_id = d.id
  returning id, channel_id, contact_id, queue_id),
opened_in as (
  select q.id, q.routing from queue q where q.id = any($36::uuid[]) for key share),
manual_wait as (
  insert into routing_decision (id, chat_id, queue_id, agent_id, reason, at)
  select w.id, c.id, c.queue_id, null, w.reason, w.at
  from unnest($33::uuid[], $53::uuid[], $54::text[], $55::timestamptz[]) as w(chat_id, id, reason, at)
  join new_chat c on c.id = w.chat_id
  join opened_in q on q.id = c.queue_id and q.routing = 'manual'),
new_attachment as (
  insert into attachment (id, message_id, type, mime_type, file_name, file_size, source_ref, download_state)
  select x.* from unnest($38::uuid[], $39::uuid[], $40::text[], $41::text[], $42::text[], $43::bigint[], $44::text[], $45::text[])
       as x(id, message_id, type, mime_type, file_name, file_size, source_ref, download_state)
  where x.message_id in (select id from new_message)),
new_job as (
  insert into job (id, kind, payload, run_at, max_attempts, created_at)
  select j.id, j.kind, j.payload::jsonb, j.run_at, j.max_attempts, j.run_at
  from unnest($46::uuid[], $47::text[], $48::text[], $49::text[], $50::uuid[], $51::timestamptz[], $52::int[])
       as j(id, kind, payload, condition, ref, run_at, max_attempts)
  where j.condition = 'contact_created'
     or (j.condition = 'chat_opened_routed' and j.ref in (select c.id from new_chat c join opened_in q on q.id = c.queue_id and q.routing <> 'manual'))
     or (j.condition = 'message_stored' and j.ref in (select id from new_message))
  returning 1),
happened as (
  select m.ord, 0 as step, 'chat.created' as type, c.id as chat_id, c.queue_id, null::uuid as agent_id,
         jsonb_build_object('channelId', c.channel_id, 'queueId', c.queue_id, 'contactId', c.contact_id) as payload, m.created_at
  from new_chat c
  join lateral (select min(x.ord) as ord, min(x.created_at) as created_at
                from unnest($2::uuid[], $12::int[], $10::timestamptz[]) as x(chat_id, ord, created_at)
                where x.chat_id = c.id) m on true
  union all
  select x.ord, 1, 'message.received', n.chat_id, coalesce(t.queue_id, c.queue_id), t.agent_id,
         jsonb_build_object('messageId', n.id), n.created_at
  from new_message n
  join unnest($1::uuid[], $12::int[]) as x(id, ord) on x.id = n.id
  left join touched t on t.id = n.chat_id
  left join new_chat c on c.id = n.chat_id),
new_event as (
  insert into event (type, chat_id, queue_id, agent_id, payload, created_at)
  select h.type, h.chat_id, h.queue_id, h.agent_id, h.payload, h.created_at
  from locked, happened h order by h.ord, h.step
  returning id)${answer('(select count(*)::int from new_job)')}`;
