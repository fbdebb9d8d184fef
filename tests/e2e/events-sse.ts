import type { Hono } from 'hono';
import { ADMIN_TOKEN } from '../support/test-app.ts';

/** One server-sent event as the wire carries it. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id: string | undefined;
}

/** An event the subscription delivered: the SSE id, and the parsed data. */
export interface Delivered<T = Record<string, unknown>> {
  readonly id: string | undefined;
  readonly data: T;
}

/** An open `GET /trpc/events` stream, read message by message. */
export interface SseStream {
  readonly status: number;
  readonly contentType: string | null;
  /** The next message, or undefined when the stream ended. */
  next(): Promise<SseMessage | undefined>;
  /** The next event the subscription delivered (skipping `connected` and pings); fails on an error or the end. */
  nextEvent<T = Record<string, unknown>>(): Promise<Delivered<T>>;
  /** The tRPC error code the stream sent, when its next message is an error; fails otherwise. */
  nextErrorCode(): Promise<string | undefined>;
  close(): void;
}

/** How to open the stream: a token (null: none; default: the bootstrap admin), input, connection params, headers. */
export interface SseOptions {
  readonly token?: string | null | undefined;
  readonly input?: unknown;
  readonly connectionParams?: Readonly<Record<string, string>> | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Opens the events subscription of `app` over SSE, as tRPC's httpSubscriptionLink (or a browser's EventSource) does. */
export async function openEvents(app: Hono, options: SseOptions = {}): Promise<SseStream> {
  const query = new URLSearchParams();
  if (options.input !== undefined) query.set('input', JSON.stringify(options.input));
  if (options.connectionParams) query.set('connectionParams', JSON.stringify(options.connectionParams));
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const abort = new AbortController();
  const response = await app.request(`/trpc/events?${query}`, { headers, signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<SseMessage | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.trim() !== '') return parse(block);
        continue;
      }
      const chunk = await reader.read();
      if (chunk.done) return undefined;
      buffer += chunk.value;
    }
  };
  const nextEvent = async <T>(): Promise<Delivered<T>> => {
    for (;;) {
      const message = await next();
      if (!message) throw new Error('the event stream ended');
      if (message.event === 'serialized-error') throw new Error(`the event stream failed: ${message.data}`);
      if (message.event === 'message') return { id: message.id, data: JSON.parse(message.data) as T };
    }
  };
  const nextErrorCode = async () => {
    for (;;) {
      const message = await next();
      if (!message) throw new Error('the event stream ended without an error');
      if (message.event === 'message') throw new Error(`expected an error, got ${message.data}`);
      if (message.event === 'serialized-error') return (JSON.parse(message.data) as { data?: { code?: string } }).data?.code;
    }
  };
  const close = () => { abort.abort(); void reader.cancel().catch(() => {}); };
  return { status: response.status, contentType: response.headers.get('content-type'), next, nextEvent, nextErrorCode, close };
}

function parse(block: string): SseMessage {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const value = line.slice(colon + 1);
    fields[line.slice(0, colon)] = value.startsWith(' ') ? value.slice(1) : value;
  }
  return { event: fields.event ?? 'message', data: fields.data ?? '', id: fields.id };
}
