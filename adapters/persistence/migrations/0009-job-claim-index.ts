import { Migration } from '@mikro-orm/migrations';

/**
 * A claim reads due jobs in (run_at, id) order and stops after the free slots: with both columns in the index
 * it walks the index and stops, where an index of run_at alone had every pending job sorted first (a backlog of
 * new senders' jobs made each claim cost more than the job).
 */
export class JobClaimIndex extends Migration {
  override up(): void {
    this.addSql(`create index job_claim_index on job (run_at, id) where state = 'pending'`);
    this.addSql('drop index if exists job_due_index');
  }

  override down(): void {
    this.addSql(`create index job_due_index on job (run_at) where state = 'pending'`);
    this.addSql('drop index if exists job_claim_index');
  }
}
