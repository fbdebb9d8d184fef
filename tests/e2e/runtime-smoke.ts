import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts the service as one process under Node or Deno (`runtime-smoke.ts <node|deno>`) on an empty
 * embedded database, and walks the public contract: health, channels.create, a signed custom webhook,
 * chats.list, chats.history, messages.send delivered by the service's job worker to the channel's
 * outbound URL (a receiver here), then a graceful SIGTERM. Exits non-zero on the first thing that is wrong.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COMMANDS: Record<string, readonly string[]> = {
  // What `npm start` runs: main-node.ts from its esbuild bundle (infrastructure/launch-node.mjs).
  node: [process.execPath, 'infrastructure/launch-node.mjs'],
  deno: [join(ROOT, 'node_modules', '.bin', 'deno'), 'run', '-A', 'infrastructure/main-deno.ts'],
};

const random = (bytes: number) => randomBytes(bytes).toString('hex');
const started = Date.now();
const log = (line: string) => console.log(`[smoke +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

function fail(message: string): never { throw new Error(message); }
const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the service; keeps the tail of its output to show when something fails. */
function startService(command: readonly string[], env: Record<string, string>, output: string[]): ChildProcess {
  const [executable, ...args] = command;
  const { DATABASE_URL: _ignored, ...inherited } = process.env; // the smoke is about the embedded database
  const child = spawn(executable!, args, { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (running(child) ? child.once('exit', resolve) : resolve(child.exitCode)));

async function waitForHealth(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running(child)) fail(`the service exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (response?.status === 200) {
      const body = await response.json() as unknown;
      if (JSON.stringify(body) === '{"status":"ok"}') return;
      fail(`GET /health answered ${JSON.stringify(body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`GET /health did not answer 200 within ${timeoutMs / 1000} s`);
}

/** What the walk reads of the API's answers; every field is checked before it is trusted. */
type Answer = { id?: unknown; channel?: { id?: unknown }; items?: { id?: unknown; text?: unknown; status?: unknown }[] };

/** Calls a tRPC procedure over plain JSON (no transformer) and returns `.result.data`. */
async function trpc(base: string, token: string, procedure: string, input: unknown, method: 'GET' | 'POST'): Promise<Answer | undefined> {
  const url = method === 'GET' ? `${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}` : `${base}/trpc/${procedure}`;
  const response = await fetch(url, {
    method, signal: AbortSignal.timeout(10_000),
    headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
  });
  const text = await response.text();
  if (response.status !== 200) fail(`${method} /trpc/${procedure} answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { result?: { data?: Answer } }).result?.data;
}

async function postSigned(base: string, channelId: string, secret: string, message: unknown): Promise<void> {
  const body = JSON.stringify(message);
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const response = await fetch(`${base}/webhooks/custom/${channelId}`, {
    method: 'POST', body, signal: AbortSignal.timeout(10_000),
    headers: { 'content-type': 'application/json', 'x-switchboard-signature': signature },
  });
  if (response.status !== 200) fail(`POST /webhooks/custom/${channelId} answered ${response.status}: ${await response.text()}`);
}

/** The contract walk itself, against a healthy service. */
async function walkContract(base: string, token: string, runtime: string, receiver: Receiver): Promise<void> {
  const secret = random(16);
  const settings = { secret, outboundUrl: receiver.url };
  const created = await trpc(base, token, 'channels.create', { name: 'Smoke', provider: 'custom', source: 'smoke-bot', settings }, 'POST');
  const channelId: unknown = created?.id ?? created?.channel?.id;
  if (typeof channelId !== 'string') fail(`channels.create returned no channel id: ${JSON.stringify(created)}`);
  if (JSON.stringify(created).includes(secret)) fail('channels.create returned the channel secret');
  log(`channels.create -> ${channelId}`);
  const text = `Hello from the ${runtime} smoke test ${random(4)}`;
  await postSigned(base, channelId, secret, { id: `smoke-${random(6)}`, message: text, recipient: 'smoke-bot', sender: 'smoke-user-1', timestamp: Date.now() });
  log('POST /webhooks/custom/:channelId (signed) -> 200');
  const chats = await trpc(base, token, 'chats.list', {}, 'GET');
  if (chats?.items?.length !== 1) fail(`chats.list should list one chat: ${JSON.stringify(chats)}`);
  const chatId = chats.items[0]?.id;
  if (typeof chatId !== 'string') fail(`chats.list returned a chat without id: ${JSON.stringify(chats)}`);
  log(`chats.list -> 1 chat (${chatId})`);
  const history = await trpc(base, token, 'chats.history', { chatId }, 'GET');
  if (!history?.items?.some((m) => m.text === text)) fail(`chats.history lacks our message: ${JSON.stringify(history)}`);
  log('chats.history -> our message');
  const reply = `Reply from the ${runtime} smoke test ${random(4)}`;
  await trpc(base, token, 'messages.send', { chatId, text: reply }, 'POST');
  const received = await receiver.next(15_000);
  if (received.message !== reply || received.recipient !== 'smoke-user-1') fail(`the outbound URL received ${JSON.stringify(received)}`);
  log('messages.send -> delivered to the outbound URL');
  await waitFor(async () => (await trpc(base, token, 'chats.history', { chatId }, 'GET'))?.items?.some((m) => m.text === reply && m.status === 'sent'), 10_000,
    'chats.history does not show the reply sent');
  log('chats.history -> the reply, sent');
}

async function waitFor(check: () => Promise<boolean | undefined>, timeoutMs: number, failure: string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (await check()) return;
  }
  fail(failure);
}

/** A custom channel's outbound endpoint: answers 200 to each POST and hands over its JSON body. */
interface Receiver {
  readonly url: string;
  next(timeoutMs: number): Promise<{ message?: unknown; recipient?: unknown }>;
  close(): void;
}

async function startReceiver(): Promise<Receiver> {
  const bodies: Record<string, unknown>[] = [];
  const readBody = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  };
  const server = createHttpServer((request, response) => {
    void readBody(request).then((body) => { bodies.push(body); response.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/outbound`,
    async next(timeoutMs) {
      await waitFor(async () => bodies.length > 0, timeoutMs, `the outbound URL received nothing within ${timeoutMs / 1000} s`);
      return bodies.shift()!;
    },
    close: () => server.close(),
  };
}

/** An agent's open event stream: the service must still stop promptly on SIGTERM while it is open. */
async function openEventStream(base: string, token: string): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const response = await fetch(`${base}/trpc/events?input=${encodeURIComponent('{}')}`, {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
  });
  if (response.status !== 200 || !response.body) fail(`GET /trpc/events answered ${response.status}`);
  const reader = response.body.getReader();
  await reader.read();
  log('event stream open');
  return reader;
}

async function stop(child: ChildProcess, timeoutMs: number): Promise<void> {
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, timeoutMs, 'timeout').unref());
  const code = await Promise.race([exited(child), timer]);
  if (code === 'timeout') fail(`the service did not exit within ${timeoutMs / 1000} s of SIGTERM`);
  if (code !== 0) fail(`the service exited with ${code ?? child.signalCode} after SIGTERM, not 0`);
  log('SIGTERM -> exit 0');
}

async function main(runtime: string): Promise<void> {
  const command = COMMANDS[runtime];
  if (!command) return void (console.error(`usage: runtime-smoke.ts <node|deno> (not "${runtime}")`), (process.exitCode = 2));
  const [port, dataDir, token] = [await freePort(), mkdtempSync(join(tmpdir(), 'switchboard-smoke-')), random(24)];
  const base = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  log(`starting ${runtime}: ${command.slice(1).join(' ')} on port ${port}, DATA_DIR ${dataDir}`);
  const receiver = await startReceiver();
  const child = startService(command, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SWITCHBOARD_ADMIN_TOKEN: token }, output);
  // Stopped from outside (Ctrl-C, a test runner's time-out): take the service down too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { child.kill('SIGKILL'); process.exit(1); });
  try {
    await waitForHealth(base, child, 120_000);
    log('GET /health -> 200 {"status":"ok"}');
    await walkContract(base, token, runtime, receiver);
    const stream = await openEventStream(base, token);
    await stop(child, 15_000);
    await stream.cancel().catch(() => undefined);
    log(`${runtime} smoke passed`);
  } catch (error) {
    console.error(`[smoke] FAILED: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`[smoke] last service output:\n${output.join('\n') || '(none)'}`);
    process.exitCode = 1;
  } finally {
    if (running(child)) child.kill('SIGKILL');
    await exited(child);
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main(process.argv[2] ?? '');
