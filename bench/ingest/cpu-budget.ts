import { availableParallelism } from 'node:os';
import type { DatabaseRun, LevelRun } from './database-run.ts';
import type { Figures } from './levels.ts';
import { twoDecimals } from '../stats.ts';

/** Issue 5's target: the service at ≥ 0.5 × the raw ceiling at each concurrency. */
export const RATIO_TARGET = 0.5;

/** CPU milliseconds one message cost every process that handled it, and the cores that kept busy. */
interface PathCost {
  readonly parts: string;
  readonly totalMs: number;
  readonly coresBusy: number;
}

/**
 * Where the CPU went, per message, on each path: the service's (the service, the database server, this
 * load generator) and the raw ceiling's (the database and the generator). Every process shares the
 * machine's cores, so the service path can never do more than cores ÷ its CPU per message: divided by
 * the raw ceiling measured, that bounds the ratio to raw, however the work were scheduled. On a server,
 * the same bound without the service's own CPU says what the database's work for each message and the
 * HTTP load alone allow, whatever the service's code did.
 */
export function cpuBudgetTable(run: DatabaseRun): string[] {
  const embedded = run.kind === 'pglite';
  const cores = availableParallelism();
  return [
    `CPU per message on each path (all processes; ${cores} cores shared by the service, the database and this generator` +
      `${embedded ? '; the embedded database runs inside the service, and the raw ceiling\'s inside the generator' : ''}). ` +
      `No path does more than ${cores} cores ÷ its CPU per message, so the ratio to raw cannot exceed that ÷ the raw ceiling measured` +
      `${embedded ? '' : '; the last bound counts only PostgreSQL\'s CPU for the message (its write, lookups and follow-up jobs) and sending the webhook (the HTTP ceiling\'s generator CPU), as if the service cost nothing'}. ` +
      `"Service for 0.5" is the most CPU per message the service${embedded ? ' with PGlite' : ''} could spend and still reach 0.5 × raw with every core busy, ` +
      `${embedded ? 'sending the webhook' : 'PostgreSQL\'s work and sending the webhook'} costing what they did ("none": not even at 0); beside it, what the service spent, and what a Hono route that only answers spent (the HTTP ceiling's server).`,
    '',
    `| c | service path ms/msg | cores busy | raw path ms/row | cores busy | bound on ÷ raw |${embedded ? '' : ' bound, service at 0 CPU |'} measured ÷ raw | service for 0.5 / spent / HTTP ceiling ms/msg |`,
    `|---:|---|---:|---|---:|---:|${embedded ? '' : '---:|'}---:|---|`,
    ...run.levels.map((level) => budgetRow(level, embedded, cores)),
  ];
}

function budgetRow(level: LevelRun, embedded: boolean, cores: number): string {
  const { service: s, raw: r } = level;
  const service = pathCost(s, embedded
    ? [['service with PGlite', s.serverCpuMsPerRequest], ['generator', s.generatorCpuMsPerRequest]]
    : [['service', s.serverCpuMsPerRequest], ['PostgreSQL', s.databaseCpuMsPerRequest], ['generator', s.generatorCpuMsPerRequest]]);
  const raw = pathCost(r, embedded
    ? [['generator with PGlite', r.generatorCpuMsPerRequest]]
    : [['PostgreSQL', r.databaseCpuMsPerRequest], ['generator', r.generatorCpuMsPerRequest]]);
  const bound = (cpuMsPerMessage: number) => twoDecimals((cores * 1000) / cpuMsPerMessage / r.perSecond);
  // The generator's share of the service path also answers the fake Bot API's enrichment calls: the HTTP
  // ceiling's generator CPU is what sending the same webhooks alone costs.
  const withoutService = embedded ? '' : ` ${bound(s.databaseCpuMsPerRequest + level.http.generatorCpuMsPerRequest)} |`;
  // As for the bound above: the database's work for each message, and sending the webhook alone.
  const others = (embedded ? 0 : s.databaseCpuMsPerRequest) + level.http.generatorCpuMsPerRequest;
  const allowed = (cores * 1000) / (RATIO_TARGET * r.perSecond) - others;
  return `| ${level.concurrency} | ${service.parts} | ${twoDecimals(service.coresBusy)} | ${raw.parts} | ${twoDecimals(raw.coresBusy)} | ` +
    `${bound(service.totalMs)} |${withoutService} ${twoDecimals(s.perSecond / r.perSecond)} | ` +
    `${allowed > 0 ? twoDecimals(allowed) : 'none'} / ${twoDecimals(s.serverCpuMsPerRequest)} / ${twoDecimals(level.http.serverCpuMsPerRequest)} |`;
}

function pathCost(figures: Figures, parts: ReadonlyArray<readonly [string, number]>): PathCost {
  const totalMs = parts.reduce((sum, [, ms]) => sum + ms, 0);
  return {
    parts: `${twoDecimals(totalMs)} = ${parts.map(([name, ms]) => `${name} ${twoDecimals(ms)}`).join(' + ')}`,
    totalMs,
    coresBusy: (totalMs * figures.perSecond) / 1000,
  };
}

