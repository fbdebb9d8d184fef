import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** One POST the fake received, with its own (independent) check of the signature. */
export interface ReceivedPost {
  readonly rawBody: Uint8Array;
  readonly json: unknown;
  readonly contentType: string | null;
  readonly signature: string | null;
  readonly signatureValid: boolean;
}

/** An answer the fake gives to the next POST. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A file the fake serves; `chunks` sends it without Content-Length, `endless` never stops sending. */
export interface ServedFile {
  readonly status?: number;
  readonly bytes?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  readonly chunked?: boolean;
  readonly endless?: boolean;
}

/** A receiving system of a custom channel, on a real local port: takes outbound POSTs and serves files. */
export interface FakeCustomEndpoint {
  readonly baseUrl: string;
  /** Where outbound messages go (`POST /messages`). */
  readonly outboundUrl: string;
  /** Never answers: for time-outs. */
  readonly hangingUrl: string;
  readonly received: ReceivedPost[];
  /** Answers the next POSTs with these, in order; after them every POST gets 200 `{ "id": "remote-<n>" }`. */
  answerNext(...answers: ScriptedAnswer[]): void;
  /** Serves `file` at `/files/<name>`; returns its URL. */
  serveFile(name: string, file: ServedFile): string;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, port 0; it checks signatures with `secret`. */
export async function startFakeCustomEndpoint(secret: string): Promise<FakeCustomEndpoint> {
  const received: ReceivedPost[] = [];
  const answers: ScriptedAnswer[] = [];
  const files = new Map<string, ServedFile>();
  let release: () => void = () => undefined;
  const closing = new Promise<void>((resolve) => { release = resolve; });
  const app = new Hono()
    .post('/messages', async (c) => {
      received.push(await readPost(c.req.raw, secret));
      const answer = answers.shift() ?? { status: 200, body: JSON.stringify({ id: `remote-${received.length}` }) };
      return new Response(answer.body ?? null, { status: answer.status, headers: { 'content-type': 'application/json', ...answer.headers } });
    })
    .all('/hang', async () => {
      await closing;
      return new Response(null, { status: 503 });
    })
    .get('/files/:name', (c) => {
      const file = files.get(c.req.param('name'));
      return file ? fileResponse(file) : new Response('not found', { status: 404 });
    });
  const { server, port } = await listen(app);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl, outboundUrl: `${baseUrl}/messages`, hangingUrl: `${baseUrl}/hang`, received,
    answerNext: (...next) => { answers.push(...next); },
    serveFile(name, file) {
      files.set(name, file);
      return `${baseUrl}/files/${encodeURIComponent(name)}`;
    },
    close: () => new Promise<void>((resolve) => {
      release();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function readPost(request: Request, secret: string): Promise<ReceivedPost> {
  const rawBody = new Uint8Array(await request.arrayBuffer());
  const signature = request.headers.get('x-switchboard-signature');
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(signature ?? '');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(rawBody));
  } catch {
    json = undefined;
  }
  const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
  return { rawBody, json, contentType: request.headers.get('content-type'), signature, signatureValid };
}

function fileResponse(file: ServedFile): Response {
  const init = { status: file.status ?? 200, headers: { ...file.headers } };
  if (file.endless) return new Response(endlessStream(), init);
  const bytes = file.bytes ?? new Uint8Array(0);
  if (!file.chunked) return new Response(new Uint8Array(bytes), init);
  // A stream of unknown length goes out chunked, without Content-Length.
  return new Response(new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.byteLength; offset += 1024) controller.enqueue(bytes.slice(offset, offset + 1024));
      controller.close();
    },
  }), init);
}

// Sends 64 KiB chunks until the client goes away: a download test only ends if the loader stops reading.
function endlessStream(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(120);
  return new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(chunk) });
}

function listen(app: Hono): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, overrideGlobalObjects: false }, (info: AddressInfo) => {
      resolve({ server: server as Server, port: info.port });
    });
  });
}
