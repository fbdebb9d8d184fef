import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';

/** Memory of a process as Linux reports it (/proc/<pid>/status), in MB; NaN when unreadable. */
export interface ProcessMemory {
  readonly rssMb: number;
  /** Anonymous pages: V8 heaps, PGlite's WASM memory, malloc. */
  readonly anonMb: number;
  /** File-backed pages: the node binary and shared libraries. */
  readonly fileMb: number;
  /** The peak RSS since the process started. */
  readonly peakMb: number;
}

const MB_PER_KB = 1 / 1024;

/** Reads a process's memory figures from /proc. */
export function processMemory(pid: number): ProcessMemory {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // The process is gone: NaN figures say so.
  }
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Math.round(Number(match[1]) * MB_PER_KB * 10) / 10 : Number.NaN;
  };
  return { rssMb: field('VmRSS'), anonMb: field('RssAnon'), fileMb: field('RssFile'), peakMb: field('VmHWM') };
}

/** Samples VmRSS of a process every `everyMs` until stopped; returns the samples in MB. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number[] } {
  const samples: number[] = [];
  const take = () => {
    const rss = processMemory(pid).rssMb;
    if (Number.isFinite(rss)) samples.push(rss);
  };
  take();
  const timer = setInterval(take, everyMs);
  return { stop: () => { clearInterval(timer); take(); return samples; } };
}

/** Resolves true when GET `url` answers 200 (one try, short time-out). */
export function answers200(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false)).on('timeout', () => { req.destroy(); resolve(false); });
    req.end();
  });
}

/** A spawned process timed from spawn to its first 200 on `healthUrl`. */
export interface TimedStart {
  readonly child: ChildProcess;
  readonly msToHealthy: number;
  /** The first and the last few KB the process wrote (stdout and stderr): warnings and errors at LOG_LEVEL=warn. */
  output(): string;
}

/** Spawns `command`, polls `healthUrl` every 10 ms (fine enough for sub-second starts), and times the first 200. */
export async function spawnUntilHealthy(command: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; healthUrl: string; timeoutMs: number }): Promise<TimedStart> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error('empty command');
  const started = performance.now();
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  // The head (start-up errors) and the tail (the latest lines, e.g. a memory report) of what it wrote.
  let head = '';
  let tail = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      if (head.length < 4000) head += chunk;
      else tail = (tail + chunk).slice(-8000);
    });
  }
  const stderr = () => head + tail;
  while (performance.now() - started < options.timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command.join(' ')} exited during start-up: ${stderr().slice(0, 1000)}`);
    if (await answers200(options.healthUrl)) return { child, msToHealthy: performance.now() - started, output: stderr };
    await new Promise((r) => setTimeout(r, 10));
  }
  await stopProcess(child);
  throw new Error(`${command.join(' ')} did not answer ${options.healthUrl} within ${options.timeoutMs} ms: ${stderr().slice(0, 1000)}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited (its data folder released). */
export async function stopProcess(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** User + system CPU milliseconds of a process and of its children that have exited (a child initdb), from /proc. */
export function cpuMsWithChildren(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    // utime, stime, cutime, cstime are fields 14-17 of stat: 11-14 after the command name; 100 ticks a second.
    return ((fields[11] ?? NaN) + (fields[12] ?? NaN) + (fields[13] ?? NaN) + (fields[14] ?? NaN)) * 10;
  } catch {
    return Number.NaN;
  }
}
