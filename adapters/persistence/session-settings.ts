/**
 * Settings of every database connection the service opens, set when the pool opens it (on the embedded
 * database all connections share its one session, which is set the same way).
 *
 * `plan_cache_mode`: every statement the service prepares runs on a plan made once per session, never
 * re-planned per execution. PostgreSQL's default re-plans a prepared statement whenever a plan for its actual
 * parameters looks cheaper than the generic one, which for the arrival statements (their inputs are arrays, of
 * 10 rows as far as a generic plan knows) was every time, and planning cost more than running: on the embedded
 * database the lookup took 1.6 ms a call planned each time and 0.66 ms on its generic plan, and ingest at
 * concurrency 16 went from 661 to 823 messages/s in that run (bench/ingest). Our statements are written for
 * generic plans: by-key lookups, keyset pages, and statuses as literals where a partial index must match.
 * MikroORM's own queries are not affected: it writes their values into the SQL and sends it unprepared.
 */
const SESSION_SETTINGS: Readonly<Record<string, string>> = { plan_cache_mode: 'force_generic_plan' };

/** The statement that applies them (a plain SET: a startup option would be refused by poolers such as PgBouncer). */
export const SESSION_SQL = Object.entries(SESSION_SETTINGS).map(([name, value]) => `set ${name} = '${value}'`).join('; ');
