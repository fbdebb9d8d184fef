import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { npmStartCommand, REPO_ROOT } from './footprint/start-command.ts';

const KEPT_LOG_LINES = 40;

/** The service under test, running as one child process. */
export interface ServiceProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** Lines the service wrote (LOG_LEVEL=warn: warnings and errors only), the first KEPT_LOG_LINES of them. */
  readonly logLines: string[];
  /** Count of every line written, kept or not. */
  logLineCount(): number;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`); resolves to how it ended. */
  stop(graceMs?: number): Promise<StopResult>;
}

export interface StopResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stopMs: number;
  readonly killed: boolean;
}

export interface ServiceOptions {
  readonly dataDir: string;
  readonly adminToken: string;
  readonly databaseUrl: string | undefined;
  readonly startTimeoutMs: number;
}

/** A free loopback port (the service gets it through PORT; its "listening" log is below LOG_LEVEL=warn). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts the service as `npm start` does (package.json's command, its Node flags included; one process, not npm) and waits for /health. */
export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    SWITCHBOARD_ADMIN_TOKEN: options.adminToken,
    LOG_LEVEL: 'warn',
  };
  // Only an explicit DATABASE_URL selects the server; otherwise the embedded database in DATA_DIR.
  if (options.databaseUrl) env['DATABASE_URL'] = options.databaseUrl;
  else delete env['DATABASE_URL'];
  // No webhook registration with a real messenger from a benchmark.
  delete env['PUBLIC_URL'];
  const [node, ...args] = npmStartCommand();
  return startChild([...profileFlags(process.env['BENCH_CPU_PROF']), ...args], env, options.startTimeoutMs, node);
}

/** BENCH_CPU_PROF=<folder>: the service writes a V8 CPU profile there when it exits (open it in Chrome DevTools). */
const profileFlags = (folder: string | undefined): string[] => (folder ? ['--cpu-prof', '--cpu-prof-dir', resolve(folder)] : []);

/**
 * Starts a TypeScript entry point of this repository as one Node child on a free loopback port
 * (given as PORT), and waits until it answers GET /health.
 */
export function startNodeChild(script: string, env: NodeJS.ProcessEnv, startTimeoutMs: number): Promise<ServiceProcess> {
  return startChild(['--import', 'tsx', script], env, startTimeoutMs);
}

/** Starts `node <args>` from the repository root on a free loopback port (given as PORT) and waits until it answers GET /health. */
async function startChild(args: readonly string[], env: NodeJS.ProcessEnv, startTimeoutMs: number, node = process.execPath): Promise<ServiceProcess> {
  const port = await freePort();
  const script = args.at(-1) ?? '';
  const child = spawn(node, args, { cwd: REPO_ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = collectLines(child);
  const started: ServiceProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    logLines: log.kept,
    logLineCount: log.count,
    stop: (graceMs = 20_000) => stopChild(child, graceMs),
  };
  try {
    await waitForHealth(started.baseUrl, child, startTimeoutMs);
  } catch (error) {
    await started.stop(2000);
    throw new Error(`${script}: ${(error as Error).message}\noutput:\n${log.kept.join('\n')}`);
  }
  return started;
}

function collectLines(child: ChildProcess): { kept: string[]; count: () => number } {
  const kept: string[] = [];
  let count = 0;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        count++;
        if (kept.length < KEPT_LOG_LINES) kept.push(line);
      }
    });
  }
  return { kept, count: () => count };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service exited during start-up (code ${child.exitCode}, signal ${child.signalCode})`);
    const healthy = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (healthy) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the service did not answer /health within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<StopResult> {
  const started = Date.now();
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode, stopMs: 0, killed: false };
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  let killed = false;
  const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, graceMs);
  const [code, signal] = await exited;
  clearTimeout(timer);
  return { code, signal, stopMs: Date.now() - started, killed };
}
