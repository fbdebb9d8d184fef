/** Runs one statement outside a transaction (VACUUM refuses to run inside one). */
export type RunStatement = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** A running maintenance: `runOnce()` maintains the most due table now; `stop()` ends the timer and waits for work in progress. */
export interface EmbeddedMaintenance {
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

// PostgreSQL's own autovacuum thresholds (autovacuum_*_threshold and *_scale_factor, default settings);
// the table furthest past one goes first.
const MOST_DUE_TABLE = `
select relname::text as name, n_dead_tup > 50 + 0.2 * n_live_tup as vacuum
from pg_stat_user_tables
where n_dead_tup > 50 + 0.2 * n_live_tup or n_mod_since_analyze > 50 + 0.1 * n_live_tup
order by greatest(n_dead_tup / (50 + 0.2 * n_live_tup), n_mod_since_analyze / (50 + 0.1 * n_live_tup)) desc, relname
limit 1`;

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Autovacuum for PGlite, which runs PostgreSQL in single-user mode, where no autovacuum worker ever starts:
 * without it the statistics stay those of the empty tables the migrations made (so the cached plans of the
 * hot statements keep scanning whole tables as they grow), and the dead rows of every chat update, finished
 * job and pruned event stay in the tables and their indexes. Every `intervalMs`, the table furthest past
 * PostgreSQL's own thresholds is vacuumed or analyzed: one table a time, because each statement holds the
 * single connection (a growing database crossed several thresholds at once, and maintaining them all in one
 * go held webhooks up for ~300 ms; one table is ~5–40 ms at tens of thousands of rows).
 */
export function startEmbeddedMaintenance(run: RunStatement, options: { intervalMs: number; onError: (error: unknown) => void }): EmbeddedMaintenance {
  let current: Promise<void> | undefined;
  const runOnce = (): Promise<void> => (current ??= maintain(run).finally(() => { current = undefined; }));
  const timer = setInterval(() => void runOnce().catch(options.onError), options.intervalMs);
  timer.unref?.();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await current?.catch(() => {});
    },
  };
}

async function maintain(run: RunStatement): Promise<void> {
  const [table] = await run(MOST_DUE_TABLE);
  if (!table) return;
  const name = quoted(String(table['name']));
  await run(table['vacuum'] ? `vacuum (analyze) ${name}` : `analyze ${name}`);
}
