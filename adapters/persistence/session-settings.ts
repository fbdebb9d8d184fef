/**
 * Settings of every database session the service opens (as startup options on a server, as start parameters
 * of the embedded database, whose one session all connections share).
 *
 * `plan_cache_mode`: every statement the service prepares runs on a plan made once per session, never
 * re-planned per execution. PostgreSQL's default re-plans a prepared statement whenever a plan for its actual
 * parameters looks cheaper than the generic one, which for the arrival statements (their inputs are arrays, of
 * 10 rows as far as a generic plan knows) was every time, and planning cost more than running: on the embedded
 * database the lookup took 1.6 ms a call planned each time and 0.66 ms on its generic plan, and ingest at
 * concurrency 16 went from 661 to 823 messages/s (bench/ingest). Our statements are written for generic plans:
 * by-key lookups, keyset pages, and statuses as literals where a partial index must match.
 */
export const SESSION_SETTINGS: readonly string[] = ['plan_cache_mode=force_generic_plan'];
