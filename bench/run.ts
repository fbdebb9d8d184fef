import { describeDatabaseUrl, machineInfo } from './suite/machine.ts';
import { saveSuite, suiteMarkdown, type SuiteReport } from './suite/report.ts';
import { runSections, selectSections } from './suite/run-sections.ts';
import { SECTIONS } from './suite/sections.ts';
import { loadAverage } from './stats.ts';

/**
 * `npm run bench [-- section …]`: runs the registered sections in order (all, or those named),
 * prints one markdown report with a targets table and saves it with the JSON under bench/results/.
 * Exits non-zero when a section failed; unmet targets are reported, not failures of the run.
 */
async function main(): Promise<number> {
  const names = selectSections(SECTIONS, process.argv.slice(2));
  const seconds = benchSeconds(process.env['BENCH_SECONDS']);
  const databaseUrl = process.env['BENCH_DATABASE_URL'] || process.env['DATABASE_URL'] || undefined;
  const started = new Date();
  const machine = machineInfo();
  console.log(`bench: ${names.join(', ')}; ${describeDatabaseUrl(databaseUrl)}; load average ${machine.loadAverageAtStart}`);
  const outcomes = await runSections(SECTIONS, names, { databaseUrl, seconds });
  const report: SuiteReport = {
    startedAt: started.toISOString(), durationMs: Date.now() - started.getTime(), sections: names, seconds,
    database: describeDatabaseUrl(databaseUrl), machine, loadAverageAtEnd: loadAverage(), outcomes,
    targets: outcomes.flatMap((o) => o.results.flatMap((r) => r.targets)),
  };
  const markdown = suiteMarkdown(report);
  const saved = await saveSuite(report, markdown);
  console.log(`\n${markdown}\nSaved ${saved} (and .json).`);
  return outcomes.some((o) => o.error !== null) ? 1 : 0;
}

/** BENCH_SECONDS scales every measured level (default 5; e.g. 1 for a smoke run). */
function benchSeconds(value: string | undefined): number {
  const seconds = Number(value || '5');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) throw new Error('BENCH_SECONDS must be a number in (0, 60]');
  return seconds;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  return 2;
});
