import { ATTACHMENT_COLUMNS, MESSAGE_COLUMNS } from '../read-rows.ts';

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
  coalesce((select json_agg(a order by a.id) from (
    select ${ATTACHMENT_COLUMNS} from attachment where message_id = msg.id) a), '[]') as attachments
from msg`;

/**
 * A delivery's outcome, run with the chat's outgoing queue held (so it sees every send committed before):
 * the status moved as Message.advanceStatus moves it (the messenger's id kept unless an echo stored one),
 * the delivery job of the chat's oldest other queued message, and, when the status moved, its event,
 * appended under the event log's lock and notified on commit.
 * $1 message, $2 'sent' | 'failed', $3 failure reason, $4 messenger's id, $5 job id, $6 now,
 * $7 job kind, $8 job attempts, $9 event log lock, $10 event channel.
 */
export const RECORD_SQL = `
with current as (
  select id, chat_id, status from message where id = $1 and direction = 'outgoing'),
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
