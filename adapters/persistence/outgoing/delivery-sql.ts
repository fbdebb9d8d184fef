import { attachmentsJsonOf, MESSAGE_COLUMNS } from '../read-rows.ts';

/**
 * An agent's message queued, run with the chat's outgoing queue held (so `ahead` sees every send committed
 * before): unless the chat's channel has a message under the key already (`known`, with its attachments)
 * or the chat is completed, the message and its attachments; its delivery job when nothing is queued ahead;
 * the chat's last activity; and its `queued` event, appended under the event log's lock, notified on commit.
 * The event log's lock comes before the chat's row, in the order the arrival statement takes them (it
 * updates its chats under that lock), so a send and an arrival never wait for each other in a circle.
 * $1 chat, $2 idempotency key, $3 message, $4 type, $5 text, $6 agent, $7 sent at, $8 created at,
 * $9–$16, $22, $23 attachment columns (arrays), $17 job id, $18 job kind, $19 job attempts, $20 event log lock, $21 event channel.
 */
export const ENQUEUE_SQL = `
with chat_row as (
  select id, channel_id, status from chat where id = $1),
known as (
  select ${MESSAGE_COLUMNS} from message where channel_id = (select channel_id from chat_row) and idempotency_key = $2::text),
ahead as (
  select 1 from message where chat_id = $1 and status = 'queued' and direction = 'outgoing' limit 1),
inserted as (
  insert into message (id, chat_id, channel_id, direction, type, text, idempotency_key, agent_id, sent_at, created_at, status)
  select $3::uuid, c.id, c.channel_id, 'outgoing', $4::text, $5::text, $2::text, $6::uuid, $7::timestamptz, $8::timestamptz, 'queued'
  from chat_row c where c.status <> 'completed' and not exists (select 1 from known)
  on conflict (channel_id, idempotency_key) do nothing
  returning id, created_at),
new_attachment as (
  insert into attachment (id, message_id, type, mime_type, file_name, file_size, source_ref, file_id, download_state, download_error)
  select a.id, i.id, a.type, a.mime_type, a.file_name, a.file_size, a.source_ref, a.file_id, a.download_state, a.download_error
  from inserted i, unnest($9::uuid[], $10::text[], $11::text[], $12::text[], $13::bigint[], $14::text[], $15::text[], $16::int[],
                          $22::text[], $23::text[])
       as a(id, type, mime_type, file_name, file_size, file_id, download_state, ord, source_ref, download_error)
  order by a.ord),
new_job as (
  insert into job (id, kind, payload, run_at, max_attempts, created_at)
  select $17::uuid, $18::text, jsonb_build_object('messageId', i.id), $8::timestamptz, $19::int, $8::timestamptz
  from inserted i where not exists (select 1 from ahead)
  returning 1),
locked as (
  select pg_advisory_xact_lock($20::bigint) as ok from inserted),
touched as (
  update chat set last_message_at = greatest(chat.last_message_at, i.created_at)
  from locked, inserted i where chat.id = $1
  returning chat.queue_id, chat.agent_id),
new_event as (
  insert into event (type, chat_id, queue_id, agent_id, payload, created_at)
  select 'message.status_changed', $1::uuid, t.queue_id, t.agent_id, jsonb_build_object('messageId', i.id, 'status', 'queued'), $8::timestamptz
  from inserted i, touched t
  returning id)
select (select status from chat_row) as chat_status,
       (select count(*)::int from inserted) as created,
       (select count(*)::int from new_job) as jobs,
       (select row_to_json(k) from known k) as known,
       ${attachmentsJsonOf('(select id from known)')} as known_attachments,
       (select pg_notify($21::text, max(id)::text) from new_event having count(*) > 0) as notified`;

/** The message stored under a key on a chat's channel (the twin a concurrent send stored first). $1 chat, $2 key. */
export const STORED_UNDER_KEY_SQL = `
select ${MESSAGE_COLUMNS}, ${attachmentsJsonOf('message.id')} as attachments
from message where channel_id = (select channel_id from chat where id = $1) and idempotency_key = $2::text`;

/**
 * A queued message with its recipient and attachments, in one statement. The recipient is the contact's
 * identity on the message's channel (the oldest, when there are several), or, for a merged contact with
 * several there, the one of them who wrote last among the chat's 50 newest messages.
 * $1 the message.
 */
export const PENDING_SQL = `
with msg as (
  select ${MESSAGE_COLUMNS} from message where id = $1 and status = 'queued'),
identity as (
  select i.id, i.external_id from msg
  join chat c on c.id = msg.chat_id
  join contact_identity i on i.contact_id = c.contact_id and i.channel_id = msg.channel_id),
writer as (
  select recent.sender_external_id from msg
  cross join lateral (
    select direction, sender_external_id from message
    where chat_id = msg.chat_id order by sent_at desc, id desc limit 50) recent
  where (select count(*) from identity) > 1
    and recent.direction = 'incoming' and recent.sender_external_id in (select external_id from identity)
  limit 1)
select msg.*,
  coalesce((select sender_external_id from writer), (select external_id from identity order by id limit 1)) as recipient_id,
  ${attachmentsJsonOf('msg.id')} as attachments
from msg`;

/**
 * A delivery's outcome, run with the chat's outgoing queue held (so it sees every send committed before):
 * the status moved as Message.advanceStatus moves it (the messenger's id kept unless an echo stored one),
 * read from the message's row locked (so a receipt committed meanwhile is seen, not overwritten); when the
 * message leaves the queue now (not already, by an echo that passed the queue on) the delivery job
 * of the chat's oldest other queued message, and, when the status moved, its event,
 * appended under the event log's lock and notified on commit.
 * $1 message, $2 'sent' | 'failed', $3 failure reason, $4 messenger's id, $5 job id, $6 now,
 * $7 job kind, $8 job attempts, $9 event log lock, $10 event channel.
 */
export const RECORD_SQL = `
with current as (
  select id, chat_id, status from message where id = $1 and direction = 'outgoing' for update),
moves as (
  select id, chat_id,
    case when $2::text = 'failed' then status in ('queued', 'sent') else status = 'queued' end as moved
  from current),
updated as (
  update message m set
    status = case when v.moved then $2::text else m.status end,
    error = case when not v.moved then m.error when $2::text = 'failed' then $3::text end,
    external_id = case when $2::text = 'sent' then coalesce(m.external_id, $4::text) else m.external_id end
  from moves v where m.id = v.id
  returning m.id, m.chat_id, m.status, v.moved),
next as (
  select q.id from current c
  join message q on q.chat_id = c.chat_id and q.status = 'queued' and q.direction = 'outgoing' and q.id <> c.id
  where c.status = 'queued'
  order by q.id limit 1),
new_job as (
  insert into job (id, kind, payload, run_at, max_attempts, created_at)
  select $5::uuid, $7::text, jsonb_build_object('messageId', next.id), $6::timestamptz, $8::int, $6::timestamptz from next
  returning 1),
locked as (
  select pg_advisory_xact_lock($9::bigint) as ok from updated where moved),
new_event as (
  insert into event (type, chat_id, queue_id, agent_id, payload, created_at)
  select 'message.status_changed', u.chat_id, ch.queue_id, ch.agent_id, jsonb_build_object('messageId', u.id, 'status', u.status), $6::timestamptz
  from locked, updated u join chat ch on ch.id = u.chat_id
  returning id)
select (select chat_id::text from updated) as chat_id, (select status from updated) as status,
       coalesce((select moved from updated), false) as moved, (select count(*)::int from new_job) as jobs,
       (select pg_notify($10::text, max(id)::text) from new_event having count(*) > 0) as notified`;
