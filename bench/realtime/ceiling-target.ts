import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import type { Arrivals, FanOutTarget } from './fan-out.ts';
import { openSse } from './sse-client.ts';

const PUSH_SERVER = resolve(import.meta.dirname, 'push-server.ts');

/** The transport's own latency: the same SSE clients on a server that only pushes each POST to all of them. */
export interface CeilingFanOut {
  readonly target: FanOutTarget;
  readonly pid: number;
  close(): Promise<void>;
}

/** Starts the push server as a child process (as the service is one) and connects `subscribers` clients. */
export async function startCeilingFanOut(subscribers: number, record: Arrivals): Promise<CeilingFanOut> {
  const child = spawn(process.execPath, ['--import', 'tsx', PUSH_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const baseUrl = `http://127.0.0.1:${await portOf(child)}`;
    const streams = await Promise.all(Array.from({ length: subscribers }, (_, index) => openSse(`${baseUrl}/events`, {}, (data, at) => {
      const event = JSON.parse(data) as { messageId?: string };
      if (event.messageId) record(index, event.messageId, at);
    })));
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const target: FanOutTarget = { subscribers, post: (seq) => push(agent, baseUrl, `c${seq}`) };
    return { target, pid: child.pid ?? -1, close: async () => { for (const stream of streams) stream.close(); agent.destroy(); await stop(); } };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function portOf(child: ChildProcess): Promise<number> {
  const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    for await (const chunk of child.stdout!) {
      const port = Number(String(chunk).trim().split('\n')[0]);
      if (port > 0) return port;
    }
  } finally {
    clearTimeout(timeout);
  }
  throw new Error('the push server did not start');
}

function push(agent: Agent, baseUrl: string, messageId: string): Promise<{ messageId: string | undefined; sentAt: number; ackAt: number }> {
  const url = new URL('/push', baseUrl);
  const body = JSON.stringify({ type: 'message.received', messageId, chatId: '00000000-0000-7000-8000-000000000000' });
  return new Promise((resolvePush, reject) => {
    const sentAt = performance.now();
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume().on('end', () => resolvePush({ messageId: res.statusCode === 200 ? messageId : undefined, sentAt, ackAt: performance.now() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
