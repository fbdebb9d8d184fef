import { Migration } from '@mikro-orm/migrations';

/** Finds the next message a chat must deliver without reading the chat's whole history. */
export class OutgoingDelivery extends Migration {
  override up(): void {
    // Small: a message leaves the index once it is sent or has failed.
    this.addSql(`create index message_chat_queued_index on message (chat_id, id) where status = 'queued'`);
  }

  override down(): void {
    this.addSql('drop index if exists message_chat_queued_index');
  }
}
