import { availableParallelism } from 'node:os';
import type { DatabaseRun, LevelRun } from './database-run.ts';
import type { Figures } from './levels.ts';

/** CPU milliseconds one message cost every process that handled it, and the cores that kept busy. */
interface PathCost {
  readonly parts: string;
  readonly totalMs: number;
  readonly coresBusy: number;
}

/**
 * Where the CPU went, per message, on each path: the service's (the service, the database server, this
 * load generator) and the raw ceiling's (the database and the generator). Every process shares the
 * machine's cores, so once they are all busy a path's throughput is cores ÷ its CPU per message, and the
 * service can reach at most (raw CPU per row ÷ service CPU per message) of the raw ceiling: the bound
 * the last column shows beside the measured ratio.
 */
export function cpuBudgetTable(run: DatabaseRun): string[] {
  const embedded = run.kind === 'pglite';
  return [
    `CPU per message on each path (all processes; ${availableParallelism()} cores shared by the service, the database and this generator${embedded ? '; the embedded database runs inside the service, and the raw ceiling\'s inside the generator' : ''}). ` +
      'Once the cores are busy, throughput is cores ÷ CPU per message, so the ratio to raw cannot exceed raw CPU ÷ service CPU.',
    '',
    '| c | service path ms/msg | cores busy | raw path ms/row | cores busy | bound on ÷ raw (CPU) | measured ÷ raw |',
    '|---:|---|---:|---|---:|---:|---:|',
    ...run.levels.map((level) => budgetRow(level, embedded)),
  ];
}

function budgetRow(level: LevelRun, embedded: boolean): string {
  const { service: s, raw: r } = level;
  const service = pathCost(s, embedded
    ? [['service with PGlite', s.serverCpuMsPerRequest], ['generator', s.generatorCpuMsPerRequest]]
    : [['service', s.serverCpuMsPerRequest], ['PostgreSQL', s.databaseCpuMsPerRequest], ['generator', s.generatorCpuMsPerRequest]]);
  const raw = pathCost(r, embedded
    ? [['generator with PGlite', r.generatorCpuMsPerRequest]]
    : [['PostgreSQL', r.databaseCpuMsPerRequest], ['generator', r.generatorCpuMsPerRequest]]);
  const bound = service.totalMs > 0 && Number.isFinite(raw.totalMs) ? (raw.totalMs / service.totalMs).toFixed(2) : 'n/a';
  const measured = r.perSecond > 0 ? (s.perSecond / r.perSecond).toFixed(2) : 'n/a';
  return `| ${level.concurrency} | ${service.parts} | ${format(service.coresBusy)} | ${raw.parts} | ${format(raw.coresBusy)} | ${bound} | ${measured} |`;
}

function pathCost(figures: Figures, parts: ReadonlyArray<readonly [string, number]>): PathCost {
  const totalMs = parts.reduce((sum, [, ms]) => sum + ms, 0);
  return {
    parts: `${format(totalMs)} = ${parts.map(([name, ms]) => `${name} ${format(ms)}`).join(' + ')}`,
    totalMs,
    coresBusy: (totalMs * figures.perSecond) / 1000,
  };
}

const format = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
