import type { Section, SectionContext, SectionResult, TargetCheck } from '../suite/section.ts';
import { withScratchDatabase } from '../suite/scratch-database.ts';
import { measureStartup, type StartFigures, type StartupResult } from './startup.ts';
import { measureSteadyRss, type SteadyRssResult } from './steady-rss.ts';

/** The section's own database on the server, so its rows never mix with another section's. */
const FOOTPRINT_DATABASE = 'switchboard_bench_footprint';

/** Issue 5's footprint targets. */
const MAX_RSS_MB = 150;
const MAX_WARM_START_MS = 1000;
const MAX_COLD_START_MS = 3000;

/**
 * Suite item 5: RSS of `npm start` at a steady Telegram webhook load (embedded database, and the
 * server when one is given), and start-up time to a healthy /health on the embedded database, cold
 * and warm, beside a bare `node -e` and a tsx + Hono start measured in the same run.
 */
export const footprintSection: Section = async (context: SectionContext): Promise<SectionResult> => {
  context.log('RSS at steady load on the embedded database');
  const rss: SteadyRssResult[] = [await measureSteadyRss({ databaseUrl: undefined, seconds: context.seconds, log: context.log })];
  if (context.databaseUrl) {
    context.log(`RSS at steady load on PostgreSQL (database ${FOOTPRINT_DATABASE})`);
    rss.push(await withScratchDatabase(context.databaseUrl, FOOTPRINT_DATABASE, (url) => measureSteadyRss({ databaseUrl: url, seconds: context.seconds, log: context.log })));
  }
  const rounds = context.seconds >= 3 ? 5 : 3;
  context.log(`start-up to healthy, ${rounds} rounds`);
  const startup = await measureStartup(rounds, context.log);
  return { name: 'footprint', markdown: markdownOf(rss, startup), data: { rss, startup }, targets: targetsOf(rss, startup) };
};

function targetsOf(rss: readonly SteadyRssResult[], startup: StartupResult): TargetCheck[] {
  const rssTargets = rss.map((r): TargetCheck => ({
    name: `footprint: RSS at steady ingest load (${r.database}, c=${r.concurrency})`,
    target: `max < ${MAX_RSS_MB} MB`,
    measured: `max ${r.steadyMaxRssMb} MB, p50 ${r.steadyP50RssMb} MB (idle ${r.idleRssMb} MB; ${r.load.perSecond} msg/s)`,
    met: r.load.failed === 0 && r.steadyMaxRssMb < MAX_RSS_MB,
  }));
  const startTarget = (kind: 'warm' | 'cold', figures: StartFigures, maxMs: number): TargetCheck => ({
    name: `footprint: ${kind} start to healthy (embedded database)`,
    target: `median < ${maxMs / 1000} s`,
    measured: `median ${figures.medianMs} ms, max ${figures.maxMs} ms (tsx + Hono ${startup.tsxHono.medianMs} ms, node -e ${startup.bareNode.medianMs} ms)`,
    met: figures.medianMs < maxMs,
  });
  return [...rssTargets, startTarget('warm', startup.warm, MAX_WARM_START_MS), startTarget('cold', startup.cold, MAX_COLD_START_MS)];
}

function breakdownRow(r: SteadyRssResult): string {
  const b = r.breakdown;
  if (!b) return `| ${r.database} | (no report) | | | |`;
  return `| ${r.database} | ${b.rssMb} | ${b.v8HeapTotalMb} / ${b.v8HeapUsedMb} | ${b.spaces['new_space'] ?? '?'} / ${b.spaces['old_space'] ?? '?'} | ${b.externalMb} / ${b.arrayBuffersMb} |`;
}

function markdownOf(rss: readonly SteadyRssResult[], startup: StartupResult): string {
  const rssRows = rss.map((r) =>
    `| ${r.database} | ${r.idleRssMb} | ${r.steadyP50RssMb} | **${r.steadyMaxRssMb}** | ${r.atEnd.anonMb} / ${r.atEnd.fileMb} | ${r.atEnd.peakMb} | ${r.load.perSecond} | ${r.load.p50Ms} / ${r.load.p99Ms} | ${r.load.failed} | < ${MAX_RSS_MB} MB ${r.steadyMaxRssMb < MAX_RSS_MB ? 'met' : '**not met**'} |`);
  const startRow = (label: string, f: StartFigures, target: string) =>
    `| ${label} | **${f.medianMs}** | ${f.maxMs} | ${f.runs.join(', ')} | ${f.cpuMsAtHealthy} | ${f.rssAtHealthyMb} | ${target} |`;
  return [
    '## Footprint',
    '',
    `RSS (VmRSS of the service process, sampled every 100 ms) while Telegram webhooks (secret header, private chats, every 5th sender new) arrive at c=${rss[0]?.concurrency} in a closed loop. MB.`,
    '',
    '| database | idle | steady p50 | steady max | anon / file at end | peak (VmHWM) | msg/s | p50 / p99 ms | failed | target |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rssRows,
    '',
    'What it is made of at the end of the load (the service\'s own `process.memoryUsage()`, MB): the V8 heap holds the JavaScript objects; external is PGlite\'s WASM memory (reserved: 128 MB is its minimum, only part of it touched) and buffers; the rest of RSS is Node itself, compiled code (WASM included) and malloc.',
    '',
    '| database | RSS | V8 heap total / used | young / old space | external / array buffers |',
    '|---|---|---|---|---|',
    ...rss.map((r) => breakdownRow(r)),
    '',
    `Start-up: spawn to the first 200 from /health, embedded database; the service is \`${startup.command}\` (npm start). Cold: an empty DATA_DIR (copied from the template \`npm install\` made, which carries every migration; the start only checks that none is pending); warm: the same DATA_DIR again. The ceilings ran in the same rounds. CPU counts every thread (V8 compiles PGlite's hot WASM functions with TurboFan in the background).`,
    '',
    '| start | median ms | max ms | runs ms | CPU ms to healthy | RSS at healthy MB | target |',
    '|---|---|---|---|---|---|---|',
    startRow('service, warm', startup.warm, `< ${MAX_WARM_START_MS} ms ${startup.warm.medianMs < MAX_WARM_START_MS ? 'met' : '**not met**'}`),
    startRow('service, cold', startup.cold, `< ${MAX_COLD_START_MS} ms ${startup.cold.medianMs < MAX_COLD_START_MS ? 'met' : '**not met**'}`),
    startRow('floor: `node` opening PGlite on the warm folder, then /health', startup.pgliteOpen, '—'),
    startRow('ceiling: `node -e` http /health', startup.bareNode, '—'),
    startRow('ceiling: `node --import tsx` Hono /health', startup.tsxHono, '—'),
    '',
  ].join('\n');
}
