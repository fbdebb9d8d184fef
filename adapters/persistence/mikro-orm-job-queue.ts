import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../application/ports/clock.ts';
import type { Ids } from '../../application/ports/ids.ts';
import type { ClaimedJob, JobLane, JobQueue } from '../../application/ports/job-queue.ts';
import type { JobId } from '../../domain/ids.ts';
import { runStatement } from './read-rows.ts';

export const DEFAULT_MAX_ATTEMPTS = 10;

interface ClaimedRow {
  id: JobId;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/**
 * The durable job queue in the `job` table, for one unit of work; workers claim with SKIP LOCKED. Outside a
 * transaction (a worker's claim and settlement) each statement is a prepared one (runStatement): a claim's plan
 * is made once, not for every job of a burst.
 */
export const createMikroOrmJobQueue = (em: EntityManager, ids: Ids, clock: Clock): JobQueue => ({
  async enqueue(job) {
    const now = clock.now();
    await em.execute(
      'insert into job (id, kind, payload, run_at, max_attempts, created_at) values (?, ?, ?::jsonb, ?, ?, ?)',
      [ids.next<JobId>(), job.kind, JSON.stringify(job.payload), job.runAt ?? now, job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, now]);
  },
  async claim(limit, now, leaseMs, completed = [], lane = ANY_KIND) {
    // Rows another worker holds are skipped, not waited for; its lease (locked_until) hides them after it commits.
    // The ids as an array, not `in (select …)`: the claimed rows are then found by their key, not by a join.
    // A completed job whose lease ran out would be due again: it is kept out, as one statement must not both
    // delete a row and update it.
    const rows = await runStatement(em,
      `with completed as (delete from job where id = any (?::uuid[]))
       update job set attempts = attempts + 1, locked_until = ?
       where id = any (array(
         select id from job
         where state = 'pending' and run_at <= ? and (locked_until is null or locked_until <= ?) and id <> all (?::uuid[])
           and ${laneCondition(lane)}
         order by run_at, id limit ? for update skip locked))
       returning id, kind, payload, attempts, max_attempts`,
      [uuidArray(completed), new Date(now.getTime() + leaseMs), now, now, uuidArray(completed), Math.max(0, limit)]);
    return (rows as unknown as ClaimedRow[]).map(toClaimedJob);
  },
  async retry(id, at, error) {
    await runStatement(em, 'update job set run_at = ?, locked_until = null, last_error = ? where id = ?', [at, error, id]);
  },
  async fail(id, error) {
    await runStatement(em, `update job set state = 'failed', locked_until = null, last_error = ? where id = ?`, [error, id]);
  },
  async countPending() {
    const rows = await em.execute<{ count: number }[]>(`select count(*)::int as count from job where state = 'pending'`);
    return rows[0]?.count ?? 0;
  },
});

// As an array literal: inside a transaction the statement goes through the query builder, which spreads an array into a list.
const uuidArray = (ids: readonly JobId[]): string => `{${ids.join(',')}}`;
/**
 * The lane's kinds as a literal, not a parameter: the claim is a prepared statement on a generic plan, and
 * only with the kinds in its text does that plan know a lane of rare kinds is worth job_kind_claim_index
 * (one statement text per lane). The kinds are ours (application/jobs/kinds.ts); they are quoted anyway.
 */
function laneCondition(lane: JobLane): string {
  const array = `{${lane.kinds.map((kind) => `"${kind.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  const kinds = `'${array.replace(/'/g, "''")}'::text[]`;
  return lane.except ? `kind <> all (${kinds})` : `kind = any (${kinds})`;
}

const ANY_KIND: JobLane = { kinds: [], except: true };

const toClaimedJob = (row: ClaimedRow): ClaimedJob => ({
  id: row.id, kind: row.kind, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts,
});
