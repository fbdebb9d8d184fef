import { Migration } from '@mikro-orm/migrations';

/** What a messenger tells beyond text (coordinates, a shared contact, a postback), and lookups by its message id. */
export class MessageMetadata extends Migration {
  override up(): void {
    this.addSql('alter table message add column metadata jsonb');
    // Receipts, edits and echoes find a message by the messenger's id of it.
    this.addSql('create index message_channel_external_id_index on message (channel_id, external_id)');
  }

  override down(): void {
    this.addSql('drop index if exists message_channel_external_id_index');
    this.addSql('alter table message drop column if exists metadata');
  }
}
