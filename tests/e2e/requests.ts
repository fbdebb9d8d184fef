import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { signBody } from '../../adapters/providers/custom/verify.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';

/** An HTTP answer, read once. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** A tRPC answer over HTTP: `data` on success, the tRPC error code and message on failure. */
export interface TrpcAnswer extends Answer {
  readonly data: unknown;
  readonly code: string | undefined;
  readonly message: string | undefined;
}

/** How a webhook is sent: signed with `secret` unless `signature` says otherwise (null: no header). */
export interface WebhookOptions {
  readonly secret?: string | undefined;
  readonly signature?: string | null | undefined;
  readonly contentType?: string | null | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** A token of `null` sends no Authorization header. */
type Token = string | null;

/** Talks to the app through `app.request` (no port), keeping every answer's text in `transcript`. */
export interface Client {
  request(path: string, init?: RequestInit): Promise<Answer>;
  query(procedure: string, input?: unknown, token?: Token): Promise<TrpcAnswer>;
  mutation(procedure: string, input: unknown, token?: Token): Promise<TrpcAnswer>;
  webhook(channelId: string, body: string | Uint8Array | object, options?: WebhookOptions): Promise<Answer>;
  readonly transcript: string[];
}

export function clientOf(app: Hono): Client {
  const transcript: string[] = [];
  const request = async (path: string, init?: RequestInit): Promise<Answer> => {
    const answer = await answerOf(await app.request(path, init));
    transcript.push(answer.text);
    return answer;
  };
  const auth = (token: Token | undefined): Record<string, string> =>
    (token === null ? {} : { authorization: `Bearer ${token ?? ADMIN_TOKEN}` });
  return {
    request,
    transcript,
    async query(procedure, input, token) {
      const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return trpcAnswerOf(await request(`/trpc/${procedure}${query}`, { headers: auth(token) }));
    },
    async mutation(procedure, input, token) {
      return trpcAnswerOf(await request(`/trpc/${procedure}`, {
        method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify(input),
      }));
    },
    webhook(channelId, body, options = {}) {
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body)
        : body instanceof Uint8Array ? body : new TextEncoder().encode(JSON.stringify(body));
      const headers: Record<string, string> = { ...options.headers };
      const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
      if (contentType !== null) headers['content-type'] = contentType;
      const signature = options.signature === undefined ? signBody(options.secret ?? '', bytes) : options.signature;
      if (signature !== null) headers['x-switchboard-signature'] = signature;
      return request(`/webhooks/custom/${channelId}`, { method: 'POST', headers, body: new Uint8Array(bytes) });
    },
  };
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function trpcAnswerOf(answer: Answer): TrpcAnswer {
  const body = answer.json as { result?: { data?: unknown }; error?: { message?: string; data?: { code?: string } } } | undefined;
  return { ...answer, data: body?.result?.data, code: body?.error?.data?.code, message: body?.error?.message };
}

/** A channel secret nobody else uses, long enough for the custom provider. */
export const newSecret = (): string => `sec-${randomBytes(16).toString('hex')}`;

/** The data of a successful tRPC answer (fails the test with the answer's text otherwise). */
export function dataOf<T>(answer: TrpcAnswer): T {
  expect(answer.status, answer.text).toBe(200);
  return answer.data as T;
}

/** A channel as the API returns it. */
export interface ChannelView {
  readonly id: string;
  readonly name: string;
  readonly provider: string;
  readonly source: string;
  readonly isActive: boolean;
  readonly queueId: string;
  readonly webhookUrl: string | null;
}

/** Creates a custom channel over HTTP as the bootstrap admin. */
export async function createCustomChannel(client: Client, settings: { secret: string; outboundUrl?: string }, source = `src-${randomBytes(4).toString('hex')}`): Promise<ChannelView> {
  return dataOf<ChannelView>(await client.mutation('channels.create', { name: `Channel ${source}`, provider: 'custom', source, settings }));
}

/** A valid custom message; fields can be replaced or (with undefined) left out. */
export function customMessage(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const message: Record<string, unknown> = {
    id: `msg-${randomBytes(6).toString('hex')}`, message: 'hello', recipient: 'bot', sender: 'alice', timestamp: Date.UTC(2025, 0, 1, 12), ...fields,
  };
  for (const [key, value] of Object.entries(message)) if (value === undefined) delete message[key];
  return message;
}

/** Asserts an error answer of the webhook edge: the status, and a `{ error: { code, message } }` body. */
export function expectErrorBody(answer: Answer, status: number): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  const { error } = answer.json as { error: { code: string; message: string } };
  expect(error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expect(error.message.length).toBeGreaterThan(0);
}
