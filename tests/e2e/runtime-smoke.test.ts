import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it, onTestFinished } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the smoke script as its own process and returns its exit code and everything it printed. */
function runSmoke(runtime: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/runtime-smoke.ts', runtime], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  // Should the test time out, the script's own SIGTERM handler stops the service it started.
  onTestFinished(() => { if (child.exitCode === null) child.kill('SIGTERM'); });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

// `npm start`'s entry point, started for real: health, a signed webhook, tRPC, graceful SIGTERM.
// (The Deno variant runs in .ci/run: a second runtime is too slow for every `npm test`.)
it('serves the public contract under Node and stops cleanly on SIGTERM', { timeout: 150_000 }, async () => {
  const { code, output } = await runSmoke('node');
  expect(output, output).toContain('node smoke passed');
  expect(code, output).toBe(0);
});
