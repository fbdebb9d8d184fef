import { Migration } from '@mikro-orm/migrations';

/** The record of contact merges, and the order contact searches page in. */
export class ContactsMerge extends Migration {
  override up(): void {
    // No foreign keys to contacts: the merged contact is removed, and the survivor may be merged away later.
    this.addSql(`create table contact_merge (
      id uuid primary key, target_contact_id uuid not null, source_contact_id uuid not null, source_name text not null,
      by_agent_id uuid references agent (id), identities_moved integer not null, chats_moved integer not null, at timestamptz not null)`);
    this.addSql('create index contact_merge_target_index on contact_merge (target_contact_id, at, id)');
    this.addSql('create index contact_created_index on contact (created_at desc, id desc)');
  }

  override down(): void {
    this.addSql('drop index if exists contact_created_index');
    this.addSql('drop table if exists contact_merge');
  }
}
