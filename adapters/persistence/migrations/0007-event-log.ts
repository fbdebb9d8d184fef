import { Migration } from '@mikro-orm/migrations';

/**
 * The durable event log behind the `events` subscription: ids give the order clients resume from,
 * queue and agent say who may see an entry. No foreign keys: the log outlives what it tells about.
 */
export class EventLogTable extends Migration {
  override up(): void {
    this.addSql(`create table event (
      id bigserial primary key, type text not null, chat_id uuid, queue_id uuid, agent_id uuid,
      payload jsonb not null, created_at timestamptz not null)`);
    this.addSql('create index event_created_at_index on event (created_at)');
  }

  override down(): void {
    this.addSql('drop table if exists event');
  }
}
