import { Migration } from '@mikro-orm/migrations';

// Each list of an agent's screen reads one of these from its keyset on, newest activity first, and stops
// after a page: no sort, no rows of other statuses skipped. Partial (open chats only), so they stay small
// and cost little on the webhook path, which moves last_message_at of open chats.
const INDEXES = {
  // chats.list { queueId, status: 'new' }: a queue's waiting chats.
  chat_waiting_recent_index: `on chat (queue_id, last_message_at desc, id desc) where status = 'new'`,
  // chats.list { mine, status: 'active' }: an agent's active chats.
  chat_active_agent_recent_index: `on chat (agent_id, last_message_at desc, id desc) where status = 'active'`,
  // chats.list { status }: a supervisor's view of every chat in a status.
  chat_status_recent_index: 'on chat (status, last_message_at desc, id desc)',
};

/** Indexes for the agents' chat lists by status (bench/reads: pages of 1 M messages in 100 k chats). */
export class ReadIndexes extends Migration {
  override up(): void {
    for (const [name, definition] of Object.entries(INDEXES)) this.addSql(`create index ${name} ${definition}`);
  }

  override down(): void {
    for (const name of Object.keys(INDEXES)) this.addSql(`drop index if exists ${name}`);
  }
}
