import type { TargetCheck } from '../suite/section.ts';
import type { PageCheck, Latency, ServiceTimes } from './measure.ts';
import type { CasePlans } from './plans.ts';
import { totalMessages, chatCount, type SeedScale } from './seed.ts';

/** Everything measured for one read. */
export interface CaseResult {
  readonly name: string;
  readonly description: string;
  readonly samples: number;
  readonly service: ServiceTimes;
  /** The hand-written SQL as pg runs a query with parameters: parsed and planned each time. */
  readonly sql: Latency;
  /** The same SQL as a named statement: parsed and planned once per connection, as the service's reads are. */
  readonly sqlPrepared: Latency;
  /** The procedure's p50 over the hand-written SQL's p50. */
  readonly ratio: number;
  /** The procedure's p50 over the prepared hand-written SQL's p50. */
  readonly ratioPrepared: number;
  readonly pages: PageCheck;
  readonly plans: CasePlans;
}

/** One database's run of the reads section. */
export interface ReadsRun {
  readonly database: 'postgres' | 'pglite';
  readonly databaseVersion: string;
  readonly scale: SeedScale;
  readonly seedMs: number;
  /** Why the seed is smaller than the issue's, when it is. */
  readonly scaleNote: string | null;
  readonly loadAverage: number;
  readonly cases: CaseResult[];
}

export const P50_TARGET_MS = 5;
export const RATIO_TARGET = 1.5;

/**
 * The targets for every read: p50 < 5 ms in-process, and ≤ 1.5 × the hand-written SQL — checked
 * against the SQL as pg runs it (the ceiling) and, stricter, prepared: the service's reads are
 * named statements, so only the prepared form compares like with like (what the layers above SQL cost).
 */
export function targetsOf(run: ReadsRun): TargetCheck[] {
  return run.cases.flatMap((c): TargetCheck[] => [
    { name: `reads on ${run.database}: ${c.name} p50`, target: `p50 < ${P50_TARGET_MS} ms`,
      measured: `${c.service.total.p50} ms (token check ${c.service.token.p50} + call ${c.service.call.p50})`, met: c.service.total.p50 < P50_TARGET_MS },
    { name: `reads on ${run.database}: ${c.name} ÷ hand-written SQL`, target: `≤ ${RATIO_TARGET} ×`,
      measured: `${c.ratio} × (call ${c.service.call.p50} ms vs SQL ${c.sql.p50} ms, p50)`, met: c.ratio <= RATIO_TARGET },
    { name: `reads on ${run.database}: ${c.name} ÷ hand-written SQL prepared`, target: `≤ ${RATIO_TARGET} × (stricter: like with like)`,
      measured: `${c.ratioPrepared} × (call ${c.service.call.p50} ms vs prepared SQL ${c.sqlPrepared.p50} ms, p50)`, met: c.ratioPrepared <= RATIO_TARGET },
  ]);
}

const yes = (met: boolean) => (met ? 'yes' : '**no**');

/** The markdown part of the report: one table of figures beside the SQL ceiling, one of plans. */
export function readsMarkdown(run: ReadsRun): string {
  const s = run.scale;
  const head = [
    `## Reads on ${run.database} (${run.databaseVersion})`, '',
    `Seeded: ${totalMessages(s).toLocaleString('en')} messages in ${chatCount(s).toLocaleString('en')} chats (${s.longChats} of them with ${s.longChatMessages} messages), ` +
      `${s.channels} channels × ${s.contactsPerChannel} contacts, ${s.agents} agents, ${s.queues} queues` +
      (run.seedMs > 0 ? `; seeding took ${(run.seedMs / 1000).toFixed(1)} s.` : '; kept from an earlier run (same seed version).') +
      (run.scaleNote ? ` **${run.scaleNote}**` : ''),
    `In-process tRPC calls (createCaller) one at a time, pages of 50; the ceiling is the hand-written SQL of the same page on a plain pg connection. ` +
      `"token" is the per-request token lookup, "call" the procedure, "total" both. The SQL runs plain (as pg runs a query with parameters: ` +
      `parsed and planned each time) and prepared (a named statement, as the service's reads are): the issue's ceiling is the first, the second compares like with like. ` +
      `Load average ${run.loadAverage}.`, '',
    '| read | samples | total p50 / p99 ms | token p50 | call p50 / p99 ms | SQL p50 / p99 ms plain | SQL p50 / p99 ms prepared | call ÷ SQL plain / prepared | same page | p50 < 5 ms | ≤ 1.5 × plain / prepared |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = run.cases.map((c) => `| ${c.name} | ${c.samples} | ${c.service.total.p50} / ${c.service.total.p99} | ${c.service.token.p50} | ` +
    `${c.service.call.p50} / ${c.service.call.p99} | ${c.sql.p50} / ${c.sql.p99} | ${c.sqlPrepared.p50} / ${c.sqlPrepared.p99} | ${c.ratio} / ${c.ratioPrepared} | ` +
    `${c.pages.same}/${c.pages.checked} | ${yes(c.service.total.p50 < P50_TARGET_MS)} | ${yes(c.ratio <= RATIO_TARGET)} / ${yes(c.ratioPrepared <= RATIO_TARGET)} |`);
  const plans = ['', '| read | statements per call | service plans (EXPLAIN ANALYZE) | hand-written plan |', '|---|---|---|---|',
    ...run.cases.map((c) => `| ${c.name} | ${c.plans.serviceStatements} | ${c.plans.service.map((p) => p.nodes).join('<br>')} | ${c.plans.handWritten.nodes} |`)];
  return [...head, ...rows, ...plans, ''].join('\n');
}
