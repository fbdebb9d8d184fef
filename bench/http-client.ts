import { Agent, request } from 'node:http';
import type { Attempt } from './closed-loop.ts';
import type { SignedBody } from './workload.ts';

/** The channel the run posts to. */
export interface BenchChannel {
  readonly id: string;
  readonly source: string;
  readonly secret: string;
}

/** Creates a custom channel through tRPC, as an operator would. */
export async function createChannel(baseUrl: string, adminToken: string, source: string, secret: string): Promise<BenchChannel> {
  const response = await fetch(`${baseUrl}/trpc/channels.create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', provider: 'custom', source, settings: { secret } }),
  });
  const text = await response.text();
  const id = response.ok ? (JSON.parse(text) as { result?: { data?: { id?: unknown } } }).result?.data?.id : undefined;
  if (typeof id !== 'string') throw new Error(`channels.create answered ${response.status}: ${text.slice(0, 300)}`);
  return { id, source, secret };
}

/** Failure bodies kept for the report (the first few only). */
export const failureSamples: string[] = [];

/**
 * Posting through node:http with a keep-alive agent: lighter per request than fetch (no WHATWG
 * streams), which matters when the load generator shares 2 cores with the service. One agent per
 * level, destroyed after it, so no socket idles past the server's keep-alive timeout.
 */
export function webhookPoster(baseUrl: string, channelId: string, bodies: readonly SignedBody[], concurrency: number): { attempt: Attempt; close(): void } {
  const url = new URL(`/webhooks/custom/${channelId}`, baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const attempt: Attempt = (index) => new Promise((resolve, reject) => {
    const signed = bodies[index];
    if (!signed) return reject(new Error(`no body ${index}`));
    const req = request({
      agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': signed.body.length, 'x-switchboard-signature': signed.signature },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; }).on('end', () => resolve(outcome(res.statusCode ?? 0, text)));
    });
    req.on('error', reject);
    req.end(signed.body);
  });
  return { attempt, close: () => agent.destroy() };
}

/** An acknowledgement is a 200 naming one new (not duplicate) message: every benchmark id is unique. */
function outcome(status: number, text: string): string | null {
  if (status === 200 && text.includes('"duplicate":false')) return null;
  if (failureSamples.length < 10) failureSamples.push(`${status} ${text.slice(0, 300)}`);
  return status === 200 ? '200 duplicate' : `status ${status}`;
}
