import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it, onTestFinished } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs log-probe.ts as its own process; pino writes to that process's stdout, which is what a deployment collects. */
function runProbe(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/log-probe.ts'], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

// Issue 2, "Operations": structured JSON logs in which no token or secret ever appears, even when requests fail inside.
it('writes structured logs without any token, secret or key, whatever the requests', { timeout: 120_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-logs-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  const secrets = {
    PROBE_ADMIN_TOKEN: `admin-${hex(16)}`, PROBE_KEY: hex(32), PROBE_WRONG_KEY: hex(32), PROBE_SECRET: `first-${hex(12)}`, PROBE_SECRET_2: `second-${hex(12)}`,
  };
  const { code, stdout, stderr } = await runProbe({ ...secrets, PROBE_DATA_DIR: join(dataDir, 'data') });
  expect(code, stderr).toBe(0);
  for (const [name, value] of Object.entries(secrets)) {
    expect(stdout, `${name} in the logs`).not.toContain(value);
    expect(stdout, `${name} (base64) in the logs`).not.toContain(Buffer.from(value).toString('base64'));
  }

  const probe = JSON.parse(/^probe: (.*)$/m.exec(stderr)?.[1] ?? 'null') as Record<string, number> | null;
  expect(probe).toMatchObject({
    create: 200, 'create.invalid': 400, 'create.badToken': 401, 'webhook.ok': 200, 'webhook.wrong': 401, update: 200, 'webhook.rotated': 200,
    'files.badToken': 401, 'keyed.shutdown': 0, 'plain.create': 200, 'plain.createNul': 400, 'plain.createTaken': 409,
    'plain.webhook': 200, 'plain.shutdown': 0,
    // Without the key, or with another one, the encrypted settings cannot be read: the start is refused (and logged).
    'unkeyed.start': 1, 'wrongKey.start': 1,
  });

  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  const records = lines.map((line) => JSON.parse(line) as { level: number; msg?: string });
  expect(records.some((r) => r.msg === 'switchboard stopped')).toBe(true);
  expect(records.some((r) => r.level >= 50)).toBe(true); // the failures above were logged as errors
});
