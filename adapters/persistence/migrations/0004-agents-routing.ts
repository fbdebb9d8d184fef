import { Migration } from '@mikro-orm/migrations';

// Hand-written SQL that PostgreSQL 15 and PGlite (PostgreSQL 18) both accept.
const STATEMENTS = [
  `alter table queue add column offline_policy text not null default 'stay' check (offline_policy in ('stay', 'requeue'))`,
  // With coming online, the start of an agent's idle time: routing's tie-breaker.
  'alter table agent add column last_assigned_at timestamptz',
  `create table chat_transition (
    id uuid primary key, chat_id uuid not null references chat (id) on delete cascade, kind text not null,
    from_status text not null, from_agent_id uuid references agent (id), from_queue_id uuid not null references queue (id),
    to_status text not null, to_agent_id uuid references agent (id), to_queue_id uuid not null references queue (id),
    by_agent_id uuid references agent (id), comment text, at timestamptz not null)`,
  'create index chat_transition_chat_index on chat_transition (chat_id, at, id)',
  `create table routing_decision (
    id uuid primary key, chat_id uuid not null references chat (id) on delete cascade,
    queue_id uuid not null references queue (id), agent_id uuid references agent (id), reason text not null, at timestamptz not null)`,
  'create index routing_decision_chat_index on routing_decision (chat_id, at, id)',
  // Routing takes a queue's waiting chats in arrival order, and counts each agent's active chats.
  `create index chat_waiting_index on chat (queue_id, created_at, id) where status = 'new'`,
  `create index chat_active_agent_index on chat (agent_id) where status = 'active'`,
];

/** Agents' idle time, queues' offline policy, and the records of routing decisions and chat transitions. */
export class AgentsRouting extends Migration {
  override up(): void {
    for (const statement of STATEMENTS) this.addSql(statement);
  }

  override down(): void {
    this.addSql('drop index if exists chat_active_agent_index');
    this.addSql('drop index if exists chat_waiting_index');
    this.addSql('drop table if exists routing_decision');
    this.addSql('drop table if exists chat_transition');
    this.addSql('alter table agent drop column if exists last_assigned_at');
    this.addSql('alter table queue drop column if exists offline_policy');
  }
}
