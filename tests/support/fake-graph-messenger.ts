import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';

/** An answer the fake gives instead of its usual one. */
export type GraphAnswerScript = { readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> };

const OUTSIDE_WINDOW = '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview';
let traces = 0;
const graphError = (status: number, error: Record<string, unknown>, headers?: Record<string, string>): GraphAnswerScript =>
  ({ status, headers, body: { error: { type: 'OAuthException', ...error, fbtrace_id: `AfakeTrace${(traces += 1)}` } } });

/**
 * Graph's own error answers, as the Messenger Platform documents them.
 * @see https://developers.facebook.com/docs/messenger-platform/error-codes
 */
export const graphErrors = {
  /** A rate limit (613 by default), with whatever usage headers a test gives. */
  rateLimited: (headers: Record<string, string> = {}, code = 613, status = 400) =>
    graphError(status, { message: `(#${code}) Calls to this api have exceeded the rate limit.`, code }, headers),
  transient: () => graphError(500, { message: 'An unexpected error has occurred. Please retry your request later.', code: 2, is_transient: true }),
  outsideWindow: () => graphError(400, { message: OUTSIDE_WINDOW, code: 10, error_subcode: 2018278 }),
  unavailable: () => graphError(400, { message: "(#551) This person isn't available right now.", code: 551, error_subcode: 1545041 }),
  noMatchingUser: () => graphError(400, { message: '(#100) No matching user found', code: 100, error_subcode: 2018001 }),
  invalidToken: () => graphError(400, { message: 'Invalid OAuth access token - Cannot parse access token', code: 190 },
    { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"' }),
  unknownObject: (id: string) => graphError(400, {
    message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    type: 'GraphMethodException', code: 100, error_subcode: 33,
  }),
};

const respond = ({ status, body, headers }: GraphAnswerScript): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** One call the fake Graph API received, as it came. */
export interface GraphCallRecord {
  readonly method: string;
  /** The path without the version prefix, e.g. `/me/messages`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | null;
  /** A JSON body, parsed. */
  readonly json?: unknown;
  /** A multipart body: its text fields, and the `filedata` file. */
  readonly form?: { readonly fields: Readonly<Record<string, string>>; readonly file?: { name: string; type: string; bytes: Uint8Array } };
}

/** A person the fake knows, as Graph's user profile API shows them. */
export type FakeProfile = { readonly first_name?: string; readonly last_name?: string; readonly profile_pic?: string };

/** The Graph API of one Page on a real local port: Send API, handover, `/me`, profiles, and a CDN for files. */
export interface FakeGraph {
  /** The channel's `apiBaseUrl`: `http://127.0.0.1:<port>/v26.0`. */
  readonly baseUrl: string;
  readonly calls: GraphCallRecord[];
  readonly profiles: Map<string, FakeProfile>;
  /** Answers the next API calls with these, in order; then every call is answered as Graph does. */
  answerNext(...answers: GraphAnswerScript[]): void;
  /** Serves bytes at `/cdn/<name>` (like Meta's CDN: no token needed); returns the URL. */
  serveFile(name: string, bytes: Uint8Array, contentType: string, status?: number): string;
  close(): Promise<void>;
}

type ServedFile = { readonly bytes: Uint8Array; readonly contentType: string; readonly status: number };
type FakePage = { readonly id: string; readonly name?: string; readonly token: string };

/** Starts the fake for a Page with this id and token, on 127.0.0.1 port 0. */
export async function startFakeGraph(page: FakePage): Promise<FakeGraph> {
  const calls: GraphCallRecord[] = [];
  const scripts: GraphAnswerScript[] = [];
  const files = new Map<string, ServedFile>();
  const profiles = new Map<string, FakeProfile>();
  const app = new Hono()
    .get('/cdn/:name', (c) => cdnFile(files.get(c.req.param('name'))))
    .use('/:version/*', async (c, next) => {
      calls.push(await record(c));
      if (!authorized(c, page.token)) return respond(graphErrors.invalidToken());
      const script = scripts.shift();
      return script ? respond(script) : next();
    })
    .route('/:version', graphApi(page, profiles, calls));
  const { server, port } = await listen(app);
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/v26.0`, calls, profiles,
    answerNext: (...answers) => { scripts.push(...answers); },
    serveFile(name, bytes, contentType, status = 200) {
      files.set(name, { bytes, contentType, status });
      return `${origin}/cdn/${encodeURIComponent(name)}`;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

// The endpoints we call, answering as Graph does when all is well.
function graphApi(page: FakePage, profiles: ReadonlyMap<string, FakeProfile>, calls: readonly GraphCallRecord[]): Hono {
  let sent = 0;
  return new Hono()
    .post('/me/messages', (c) => c.json({ recipient_id: recipientOf(calls.at(-1)), message_id: `m_fake-${(sent += 1)}` }))
    .post('/me/pass_thread_control', (c) => c.json({ success: true }))
    .get('/me', (c) => c.json({ id: page.id, name: page.name ?? 'Fake Page' }))
    .get('/:psid', (c) => {
      const profile = profiles.get(c.req.param('psid'));
      return profile ? c.json({ ...profile, id: c.req.param('psid') }) : respond(graphErrors.unknownObject(c.req.param('psid')));
    });
}

// Meta's CDN answers an unknown or expired signed URL 403.
const cdnFile = (file: ServedFile | undefined): Response => (file
  ? new Response(new Uint8Array(file.bytes), { status: file.status, headers: { 'content-type': file.contentType } })
  : new Response('URL signature expired', { status: 403 }));

// Graph takes the token as `access_token` or as a Bearer (or OAuth) Authorization header.
function authorized(c: Context, token: string): boolean {
  const header = c.req.header('authorization') ?? '';
  return header === `Bearer ${token}` || header === `OAuth ${token}` || c.req.query('access_token') === token;
}

function recipientOf(call: GraphCallRecord | undefined): string | undefined {
  const form = call?.form?.fields.recipient;
  return (call?.json as { recipient?: { id?: string } } | undefined)?.recipient?.id ?? (form ? (JSON.parse(form) as { id?: string }).id : undefined);
}

async function record(c: Context): Promise<GraphCallRecord> {
  const url = new URL(c.req.url);
  const base = {
    method: c.req.method, path: url.pathname.replace(/^\/[^/]+/, ''), query: Object.fromEntries(url.searchParams),
    authorization: c.req.header('authorization') ?? null,
  };
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/json')) return { ...base, json: await c.req.raw.clone().json() };
  if (!type.startsWith('multipart/form-data')) return base;
  const fields: Record<string, string> = {};
  let file: { name: string; type: string; bytes: Uint8Array } | undefined;
  for (const [key, value] of await c.req.raw.clone().formData()) {
    if (typeof value === 'string') fields[key] = value;
    else if (key === 'filedata') file = { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return { ...base, form: { fields, ...(file ? { file } : {}) } };
}

function listen(app: Hono): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, overrideGlobalObjects: false }, (info: AddressInfo) => {
      resolve({ server: server as Server, port: info.port });
    });
  });
}
