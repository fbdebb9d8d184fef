import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MachineInfo } from './machine.ts';
import type { SectionOutcome } from './run-sections.ts';
import type { TargetCheck } from './section.ts';

export const RESULTS_DIR = resolve(import.meta.dirname, '..', 'results');

/** Everything one `npm run bench` measured: saved as JSON beside the markdown. */
export interface SuiteReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly sections: readonly string[];
  readonly seconds: number;
  readonly database: string;
  readonly machine: MachineInfo;
  readonly loadAverageAtEnd: number;
  readonly outcomes: readonly SectionOutcome[];
  readonly targets: readonly TargetCheck[];
}

/** The combined report: run header, each section's markdown (or its error), then the targets table. */
export function suiteMarkdown(report: SuiteReport): string {
  const m = report.machine;
  const header = [
    `# Switchboard benchmark suite`,
    '',
    `${report.startedAt}, commit ${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''}, Node ${m.node}, ` +
      `${m.cpus} × ${m.cpuModel}, ${m.memoryMiB} MiB; load average ${m.loadAverageAtStart} at start, ${report.loadAverageAtEnd} at end; ` +
      `BENCH_SECONDS=${report.seconds}; sections: ${report.sections.join(', ')}; whole run ${Math.round(report.durationMs / 1000)} s.`,
    `Real PostgreSQL: ${report.database}.`,
    '',
  ];
  return [...header, ...report.outcomes.flatMap(sectionParts), targetsTable(report.targets)].join('\n');
}

function sectionParts(outcome: SectionOutcome): string[] {
  if (outcome.error === null) return outcome.results.map((result) => `${result.markdown.trimEnd()}\n`);
  return [`## ${outcome.section}: FAILED after ${Math.round(outcome.durationMs / 1000)} s`, '', '```', outcome.error, '```', ''];
}

/** Every target of every section that ran, asked beside measured. */
export function targetsTable(targets: readonly TargetCheck[]): string {
  const met = targets.filter((t) => t.met).length;
  return [
    `## Targets: ${met} of ${targets.length} met`,
    '',
    '| target | asked | measured | met |',
    '|---|---|---|:---:|',
    ...targets.map((t) => `| ${cell(t.name)} | ${cell(t.target)} | ${cell(t.measured)} | ${t.met ? '✓' : '✗'} |`),
    '',
  ].join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Writes `suite-<time>.md` and `.json` into bench/results/; resolves to the markdown's path. */
export async function saveSuite(report: SuiteReport, markdown: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const base = join(RESULTS_DIR, `suite-${stamp}`);
  await writeFile(`${base}.json`, `${JSON.stringify(report, jsonSafe, 2)}\n`);
  await writeFile(`${base}.md`, markdown);
  return `${base}.md`;
}

// Typed arrays (per-item flags) would be written out index by index: they are not figures.
const jsonSafe = (_key: string, value: unknown): unknown => (ArrayBuffer.isView(value) ? undefined : value);
