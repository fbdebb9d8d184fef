import { Migration } from '@mikro-orm/migrations';

/** Whether a channel's credentials worked when last checked, so a revoked token shows on the channel. */
export class ChannelConnection extends Migration {
  override up(): void {
    this.addSql("alter table channel add column connection_state text not null default 'unknown'");
    this.addSql('alter table channel add column connection_detail text');
    this.addSql('alter table channel add column connection_checked_at timestamptz');
  }

  override down(): void {
    this.addSql('alter table channel drop column if exists connection_checked_at');
    this.addSql('alter table channel drop column if exists connection_detail');
    this.addSql('alter table channel drop column if exists connection_state');
  }
}
