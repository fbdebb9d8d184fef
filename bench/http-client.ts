import { Agent, request } from 'node:http';
import type { Attempt } from './closed-loop.ts';

/** Calls a tRPC mutation over plain HTTP (no transformer) as `token`; resolves to its result data. */
export async function trpcMutation(baseUrl: string, token: string, procedure: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${procedure} answered ${response.status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result?: { data?: unknown } }).result?.data;
}

/** Decides from a response whether the item was acknowledged: null if so, else a short failure label. */
export type AckCheck = (status: number, text: string) => string | null;

/** What `bodyPoster` sends: pre-built bodies, to one path, with fixed headers. */
export interface PostOptions {
  readonly baseUrl: string;
  readonly path: string;
  /** Headers beside content-type and -length: fixed, or per item (a signature of its body). */
  readonly headers: Readonly<Record<string, string>> | ((index: number) => Readonly<Record<string, string>>);
  readonly bodies: readonly Buffer[];
  /** Sockets kept open: the closed loop's concurrency, or an open loop's bound. */
  readonly maxSockets: number;
  readonly isAck: AckCheck;
  /** Item i sends bodies[i % bodies.length] (a ceiling that does not care about repeats). */
  readonly cycle?: boolean;
}

/**
 * Posting through node:http with a keep-alive agent: lighter per request than fetch (no WHATWG
 * streams), which matters when the load generator shares 2 cores with the service. One agent per
 * level, destroyed after it, so no socket idles past the server's keep-alive timeout.
 */
export function bodyPoster(options: PostOptions): { attempt: Attempt; close(): void } {
  const url = new URL(options.path, options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const attempt: Attempt = (index) => new Promise((resolve, reject) => {
    const item = options.cycle ? index % options.bodies.length : index;
    const body = options.bodies[item];
    if (!body) return reject(new Error(`no body ${index}`));
    const extra = typeof options.headers === 'function' ? options.headers(item) : options.headers;
    const req = request({
      agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length, ...extra },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; }).on('end', () => resolve(options.isAck(res.statusCode ?? 0, text)));
    });
    req.on('error', reject);
    req.end(body);
  });
  return { attempt, close: () => agent.destroy() };
}
