import { availableParallelism } from 'node:os';
import { twoDecimals } from '../stats.ts';
import type { SectionResult, TargetCheck } from '../suite/section.ts';
import { cpuBudgetTable, RATIO_TARGET } from './cpu-budget.ts';
import type { DatabaseRun, LevelRun } from './database-run.ts';
import type { DatabaseKind } from './resources.ts';
import type { IngestSettings } from './settings.ts';

const LABEL: Record<DatabaseKind, string> = { postgres: 'PostgreSQL', pglite: 'the embedded database' };
const P99_LIMIT_MS = 25;

/** One database's part of the report: tables with both ceilings beside each figure, and its targets. */
export function ingestResult(run: DatabaseRun, settings: IngestSettings): SectionResult {
  return { name: `ingest-${run.kind}`, markdown: markdown(run, settings), data: run, targets: targets(run) };
}

/** A database that was not measured (no server given, or the run failed): its targets are reported unmet. */
export function unmeasuredResult(kind: DatabaseKind, settings: IngestSettings, why: string, detail = ''): SectionResult {
  const checks = targetNames(kind, settings.levels).map((t) => ({ ...t, measured: `not measured: ${why}`, met: false }));
  const markdown = `## Ingest on ${LABEL[kind]}: not measured\n\n${why}${detail ? `\n\n\`\`\`\n${detail}\n\`\`\`` : ''}\n`;
  return { name: `ingest-${kind}`, markdown, data: { kind, notMeasured: why, detail }, targets: checks };
}

function targetNames(kind: DatabaseKind, levels: readonly number[]): Omit<TargetCheck, 'measured' | 'met'>[] {
  const ceiling = kind === 'postgres' ? 'raw pg' : 'its raw ceiling';
  return [
    ...levels.map((c) => ({ name: `ingest on ${LABEL[kind]}, c=${c}`, target: `≥ ${RATIO_TARGET} × ${ceiling}` })),
    { name: `ingest on ${LABEL[kind]}: p99 at half the max load (open loop)`, target: `p99 < ${P99_LIMIT_MS} ms` },
    { name: `ingest on ${LABEL[kind]}: every acknowledged message stored exactly once`, target: '0 missing, 0 doubled, 0 unacknowledged' },
  ];
}

function targets(run: DatabaseRun): TargetCheck[] {
  const names = targetNames(run.kind, run.levels.map((l) => l.concurrency));
  const ratios = run.levels.map((level, i) => {
    const ratio = level.service.perSecond / level.raw.perSecond;
    const failed = level.service.failed > 0 ? `, ${level.service.failed} not acknowledged` : '';
    return { ...names[i]!, measured: `${ratio.toFixed(2)} × (${level.service.perSecond} msg/s vs ${level.raw.perSecond} rows/s${failed})`, met: ratio >= RATIO_TARGET && level.service.failed === 0 };
  });
  const open = run.openLoop;
  const v = run.verification;
  return [
    ...ratios,
    { ...names[run.levels.length]!, measured: `p99 ${open.p99Ms} ms, p50 ${open.p50Ms} ms at ${open.ratePerSecond} msg/s (${open.sent} sent)${open.failed > 0 ? `, ${open.failed} not acknowledged` : ''}`, met: open.p99Ms < P99_LIMIT_MS && open.failed === 0 },
    { ...names[run.levels.length + 1]!, measured: `${v.acknowledged} acknowledged, ${v.storedRows} stored, ${v.missing} missing, ${v.duplicated} doubled, ${v.unacknowledgedRows} unacknowledged`, met: v.ok },
  ];
}

function markdown(run: DatabaseRun, settings: IngestSettings): string {
  const v = run.verification;
  const calls = Object.entries(run.telegramCalls).map(([method, n]) => `${method} ${n}`).join(', ') || 'none';
  return [
    `## Ingest on ${LABEL[run.kind]} (${run.databaseVersion})`,
    '',
    `Telegram updates (private chats, secret header) over keep-alive HTTP to the service (\`npm start\`'s command) as a child process on a fresh ` +
      `${run.kind === 'postgres' ? 'database' : 'DATA_DIR'}, ${Math.round(100 / settings.newSenderEvery)} % from new senders, the rest from ` +
      `${settings.existingSenders} existing ones; closed loop, ${settings.levelMs / 1000} s per level, each started once the service had gone idle (the jobs earlier levels' new senders left done). Right after each level, at the same ` +
      `concurrency: the raw \`pg\` ceiling (single-row autocommit INSERTs of the same mix of rows${run.kind === 'pglite' ? ', a separate PGlite behind the socket server, one connection' : ', a pool of c connections'}) ` +
      `and the HTTP ceiling (Hono on @hono/node-server answering only, the same bodies). Service started in ${run.serviceStartMs} ms; section ${Math.round(run.durationMs / 1000)} s.`,
    '',
    '| c | service msg/s | p50 ms | p99 ms | non-200 | raw pg rows/s | raw p50/p99 ms | ÷ raw pg | HTTP ceiling req/s | HTTP p50/p99 ms | ÷ HTTP | service CPU ms/msg | HTTP CPU ms/req | generator CPU ms/msg | load avg after |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...run.levels.map(levelRow),
    '',
    ...cpuBudgetTable(run),
    '',
    openLoopLine(run),
    '',
    `Verification (after the service stopped): ${v.ok ? 'OK' : 'FAILED'}: ${v.acknowledged} acknowledged (warm-up and open loop included), ` +
      `${v.storedRows} rows stored for the channel, ${v.missing} missing, ${v.duplicated} stored twice, ${v.unacknowledgedRows} stored without acknowledgement.`,
    ...(run.transactionsPerMessage === null ? [] : [`The service committed ${run.transactionsPerMessage} transactions per acknowledged message (pg_stat_database, its own database).`]),
    `Fake Bot API calls (token check, contact enrichment): ${calls}. Service stop: exit code ${run.stop.code}, ${run.stop.stopMs} ms` +
      `${run.stop.killed ? ' (SIGKILL after the grace period)' : ''}; ${run.serviceLogLineCount} log lines at warn or above.`,
    ...samples('Failed responses', run.failureSamples),
    ...samples('Service log', run.serviceLog.slice(0, 10)),
    '',
  ].join('\n');
}

function levelRow({ concurrency, service, raw, http }: LevelRun): string {
  const failed = Object.entries(service.failures).map(([k, n]) => `${n}× ${k}`).join(', ') || '0';
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  return `| ${concurrency} | ${service.perSecond}${service.exhausted ? ' (bodies ran out)' : ''} | ${service.p50Ms} | ${service.p99Ms} | ${failed} | ` +
    `${raw.perSecond} | ${raw.p50Ms} / ${raw.p99Ms} | ${ratio(service.perSecond, raw.perSecond)} | ${http.perSecond} | ${http.p50Ms} / ${http.p99Ms} | ` +
    `${ratio(service.perSecond, http.perSecond)} | ${service.serverCpuMsPerRequest} | ${http.serverCpuMsPerRequest} | ${service.generatorCpuMsPerRequest} | ${service.loadAverageAfter} |`;
}

function openLoopLine(run: DatabaseRun): string {
  const o = run.openLoop;
  const l = run.lighterOpenLoop;
  const best = Math.max(...run.levels.map((level) => level.service.perSecond));
  return `Half the max load (open loop, latency from each request's scheduled time; started once the service had gone idle after c=64, ${o.settledMs} ms): ` +
    `${o.ratePerSecond} msg/s scheduled (half of the best ${best}), ` +
    `${o.sent} sent, ${o.perSecond} acknowledged/s, p50 ${o.p50Ms} ms, p99 ${o.p99Ms} ms, max ${o.maxMs} ms, at most ${o.concurrency} in flight, ${o.failed} not acknowledged; ` +
    `${openLoopCpu(run, o)} ` +
    `For comparison (not a target), at ${l.share * 100} % of the best (${l.ratePerSecond} msg/s, after ${l.settledMs} ms idle): ` +
    `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms, ${l.failed} not acknowledged; ${openLoopCpu(run, l)}`;
}

/**
 * What an open-loop level cost: at a steady rate the group commit's batches stay small, so a message costs
 * more CPU than in the closed loop the best throughput came from, and the cores are busier than the rate suggests.
 */
function openLoopCpu(run: DatabaseRun, o: DatabaseRun['openLoop']): string {
  const best = run.levels.reduce((a, b) => (b.service.perSecond > a.service.perSecond ? b : a));
  // Embedded, the database's CPU is the service's; a server it cannot see (another host) leaves its share unknown.
  const database = run.kind === 'pglite' ? 0 : o.databaseCpuMsPerRequest;
  const cores = ((o.serverCpuMsPerRequest + database + o.generatorCpuMsPerRequest) * o.perSecond) / 1000;
  const path = run.kind === 'pglite'
    ? `service with PGlite ${twoDecimals(o.serverCpuMsPerRequest)}`
    : `service ${twoDecimals(o.serverCpuMsPerRequest)} + PostgreSQL ${twoDecimals(o.databaseCpuMsPerRequest)}`;
  return `CPU per message ${path} + generator ${twoDecimals(o.generatorCpuMsPerRequest)} ms, ${twoDecimals(cores)} of ${availableParallelism()} cores busy, ` +
    `the service's process ${twoDecimals((o.serverCpuMsPerRequest * o.perSecond) / 1000)} of a core ` +
    `(at c=${best.concurrency}, its best: service ${twoDecimals(best.service.serverCpuMsPerRequest)} ms per message).`;
}


const samples = (title: string, lines: readonly string[]): string[] =>
  lines.length === 0 ? [] : ['', `${title} (first ${lines.length}):`, '```', ...lines, '```'];
