import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs vitest once (arguments passed through, e.g. `npm test -- tests/domain`) and closes with the
 * line CI reads, `N passed, N failed`; exits non-zero when a test failed, none ran, or vitest failed.
 */

/** The part of vitest's json report read here (the jest-compatible format). */
interface JsonReport {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: readonly { readonly name: string; readonly status: string; readonly assertionResults: readonly unknown[] }[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

function runVitest(args: readonly string[], reportFile: string): Promise<number> {
  const child = spawn(process.execPath, [VITEST, 'run', '--reporter=default', '--reporter=json', `--outputFile=${reportFile}`, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child through the terminal; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => {
    child.on('error', (error) => { console.error(error); resolve(1); });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readReport(reportFile: string): JsonReport | undefined {
  try {
    return JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
  } catch {
    return undefined;
  }
}

/** Test counts; a file that failed before any of its tests ran (an import error) counts as one failure. */
function countsOf(report: JsonReport | undefined): { passed: number; failed: number } {
  if (!report) return { passed: 0, failed: 0 };
  const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  for (const file of brokenFiles) console.error(`failed to run: ${file.name}`);
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles.length };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-vitest-'));
  const reportFile = join(dir, 'report.json');
  const exitCode = await runVitest(process.argv.slice(2), reportFile);
  const report = readReport(reportFile);
  rmSync(dir, { recursive: true, force: true });
  const { passed, failed } = countsOf(report);
  if (!report) console.error('vitest wrote no report');
  if (report && passed + failed === 0) console.error('no test ran');
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = exitCode !== 0 || failed > 0 || passed === 0 || !report ? 1 : 0;
}

await main();
