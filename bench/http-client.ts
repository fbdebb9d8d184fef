import { Agent, request } from 'node:http';
import type { Attempt } from './closed-loop.ts';
import type { SignedBody } from './workload.ts';

/** The channel the run posts to. */
export interface BenchChannel {
  readonly id: string;
  readonly source: string;
  readonly secret: string;
}

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

/** Creates a custom channel through tRPC, as an operator would. */
export async function createChannel(baseUrl: string, adminToken: string, source: string, secret: string): Promise<BenchChannel> {
  const channel = await trpcMutation(baseUrl, adminToken, 'channels.create', { name: 'Bench', provider: 'custom', source, settings: { secret } });
  const id = (channel as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') throw new Error(`channels.create answered no id: ${JSON.stringify(channel).slice(0, 300)}`);
  return { id, source, secret };
}

/** Failure bodies kept for the report (the first few only). */
export const failureSamples: string[] = [];

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

/** Custom-provider webhooks (signed bodies) to a channel. */
export function webhookPoster(baseUrl: string, channelId: string, bodies: readonly SignedBody[], concurrency: number): { attempt: Attempt; close(): void } {
  return bodyPoster({
    baseUrl, path: `/webhooks/custom/${channelId}`, bodies: bodies.map((signed) => signed.body), maxSockets: concurrency,
    headers: (index) => ({ 'x-switchboard-signature': bodies[index]?.signature ?? '' }), isAck: newMessageAck,
  });
}

/** An acknowledgement is a 200 naming one new (not duplicate) message: every benchmark id is unique. */
export const newMessageAck: AckCheck = (status, text) => {
  if (status === 200 && text.includes('"duplicate":false')) return null;
  if (failureSamples.length < 10) failureSamples.push(`${status} ${text.slice(0, 300)}`);
  return status === 200 ? '200 duplicate' : `status ${status}`;
};
