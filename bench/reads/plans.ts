import pg from 'pg';
import type { ReadCase } from './cases.ts';
import type { RawClient } from './database.ts';
import type { InProcessApi } from './service.ts';

/** One statement's plan: its text, EXPLAIN (ANALYZE, BUFFERS), and the node types in it. */
export interface StatementPlan {
  readonly sql: string;
  readonly plan: string;
  /** e.g. "Limit › Index Scan (chat_agent_status_index)" */
  readonly nodes: string;
}

/** What one case's first sample costs in statements: the service's (as the ORM issued them) and the hand-written one. */
export interface CasePlans {
  /** Statements one API call sends, BEGIN and COMMIT included (the token lookup excluded). */
  readonly serviceStatements: number;
  readonly service: StatementPlan[];
  readonly handWritten: StatementPlan;
}

/** A statement as a pg client was asked to run it. */
export interface RecordedStatement {
  readonly text: string;
  readonly values: unknown[];
}

/**
 * Records the statements one API call issues, at the pg client every path ends in (the ORM's knex
 * queries, and the reads' named statements that skip knex).
 */
export async function recordStatements(api: InProcessApi, readCase: ReadCase): Promise<RecordedStatement[]> {
  const sample = readCase.samples[0];
  if (!sample) return [];
  const context = await api.contextFor(sample.call.token);
  const statements: RecordedStatement[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
    if (typeof config === 'string') statements.push({ text: config, values: Array.isArray(values) ? values : [] });
    else if (config && typeof config.text === 'string') statements.push({ text: config.text, values: config.values ?? [] });
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await api.call(context, sample.call);
  } finally {
    pg.Client.prototype.query = query;
  }
  return statements;
}

/** EXPLAINs the statements the service issued (the reads among them) and the hand-written SQL of the same sample. */
export async function explainCase(client: RawClient, readCase: ReadCase, statements: RecordedStatement[]): Promise<CasePlans> {
  const service: StatementPlan[] = [];
  for (const { text, values } of statements.filter((s) => /^\s*(select|with)\b/i.test(s.text))) service.push(await explain(client, text, values));
  const sample = readCase.samples[0];
  if (!sample) throw new Error(`${readCase.name} has no samples`);
  return { serviceStatements: statements.length, service, handWritten: await explain(client, sample.sql.text, sample.sql.params) };
}

async function explain(client: RawClient, sql: string, params: unknown[]): Promise<StatementPlan> {
  const rows = (await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params)).rows;
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  return { sql: sql.replace(/\s+/g, ' ').trim(), plan, nodes: planNodes(plan) };
}

const NODE = /^\s*(?:->\s+)?([A-Z][A-Za-z ]*?(?:Scan|Join|Loop|Sort|Limit|Aggregate|Unique|Append|Result|Materialize|Hash|Memoize|SubPlan|InitPlan|Gather))(?: Backward)?(?: using (\S+))?(?: on (\S+))?(?:\s|$)/;

/** The plan's node types in order, with the index each scan uses: what the markdown shows. */
export function planNodes(plan: string): string {
  const nodes: string[] = [];
  for (const line of plan.split('\n')) {
    const match = NODE.exec(line);
    if (!match) continue;
    const [, node, index, table] = match;
    // A bitmap index scan names its index with `on`, other scans their table.
    const name = index ?? table;
    nodes.push(name && /Scan/.test(node ?? '') ? `${node} (${name})` : (node ?? ''));
  }
  return nodes.join(' › ');
}
