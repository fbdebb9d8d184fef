import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';

/** The Graph version the fake answers under (the provider's default base URL uses the same). */
export const FAKE_GRAPH_VERSION = 'v26.0';

/** One call the fake received: who (the bearer token), what, and the JSON or multipart body. */
export interface RecordedCall {
  readonly method: string; readonly path: string; readonly authorization: string | null; readonly json?: unknown;
  readonly form?: { readonly fields: Record<string, string>; readonly file?: { name: string; type: string; bytes: Uint8Array } };
}

/** An answer given to the next Graph call instead of the normal one. */
export interface ScriptedAnswer { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
interface StoredMedia { readonly bytes: Uint8Array; readonly mimeType: string; readonly declaredSize?: number }

/** The Cloud API on a local port: messages, media upload and retrieval, phone number reads, file downloads. */
export interface FakeWhatsApp {
  /** What a channel's `apiBaseUrl` is set to (`http://127.0.0.1:<port>/v26.0`). */
  readonly baseUrl: string;
  readonly accessToken: string; readonly phoneNumberId: string; readonly calls: RecordedCall[];
  /** Downloads of media files (the short-lived URLs), as the bearer each one carried. */
  readonly downloads: (string | null)[];
  answerNext(...answers: ScriptedAnswer[]): void;
  addMedia(id: string, media: StoredMedia): void;
  close(): Promise<void>;
}

/**
 * Error bodies as the Cloud API sends them (`{ error: { message, type, code, error_data, error_subcode?, fbtrace_id } }`).
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
const ERRORS: Readonly<Record<number, readonly [status: number, message: string, details: string, subcode?: number]>> = {
  4: [400, '(#4) Application request limit reached', 'Too many API calls'],
  80007: [400, '(#80007) There have been too many calls to this WhatsApp Business account. Wait a bit and try again.', 'Rate limit issues'],
  130429: [400, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.'],
  131056: [400, '(#131056) (Business Account, Consumer Account) pair rate limit hit', 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.'],
  131047: [400, '(#131047) Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'],
  131026: [400, '(#131026) Message Undeliverable', 'Unable to deliver message: the recipient may not be a WhatsApp user or has not accepted the latest terms.'],
  131051: [400, '(#131051) Unsupported message type', 'Message type is not currently supported.'],
  131000: [500, '(#131000) Something went wrong', 'Message failed to send due to an unknown error.'],
  131016: [503, '(#131016) Service unavailable', 'A service is temporarily unavailable.'],
  100: [400, "Unsupported get request. Object with ID does not exist, cannot be loaded due to missing permissions, or does not support this operation.", 'Invalid parameter', 33],
  190: [401, 'Error validating access token: Session has expired.', 'Access token has expired', 463],
};

/** The answer the Cloud API gives for an error code (one of those the fake knows). */
export function whatsAppError(code: number, headers: Readonly<Record<string, string>> = {}): ScriptedAnswer {
  const [status, message, details, subcode] = ERRORS[code]!;
  const type = code === 100 ? 'GraphMethodException' : 'OAuthException';
  const error = { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: 'AbCdEfGhIjK' };
  return { status, body: { error }, headers };
}

type State = Pick<FakeWhatsApp, 'accessToken' | 'phoneNumberId' | 'calls' | 'downloads'> & {
  readonly answers: ScriptedAnswer[]; readonly media: Map<string, StoredMedia>; origin: string;
};

/** Starts the fake on 127.0.0.1, port 0; only `accessToken` is let in. */
export async function startFakeWhatsApp(accessToken = 'fake-access-token-0123456789', phoneNumberId = '106540352242922'): Promise<FakeWhatsApp> {
  const state: State = { accessToken, phoneNumberId, calls: [], downloads: [], answers: [], media: new Map(), origin: '' };
  const app = new Hono()
    .get('/whatsapp_business/attachments/', (c) => download(state, c))
    .route(`/${FAKE_GRAPH_VERSION}`, graphApp(state));
  const { server, port } = await listen(app);
  state.origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${state.origin}/${FAKE_GRAPH_VERSION}`, accessToken, phoneNumberId, calls: state.calls, downloads: state.downloads,
    answerNext: (...next) => { state.answers.push(...next); },
    addMedia: (id, stored) => { state.media.set(id, stored); },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const reply = (c: Context, answer: ScriptedAnswer) => c.json(answer.body ?? {}, answer.status as 200, { ...answer.headers });

// Every Graph call is recorded; a scripted answer wins over everything, then the bearer token is checked.
function graphApp(state: State): Hono {
  return new Hono()
    .use(async (c, next) => {
      state.calls.push(await record(c.req.raw, new URL(c.req.url).pathname));
      const scripted = state.answers.shift();
      if (scripted) return reply(c, scripted);
      if (c.req.header('authorization') !== `Bearer ${state.accessToken}`) return reply(c, whatsAppError(190));
      return next();
    })
    .post('/:id/messages', (c) => sendMessage(state, c))
    .post('/:id/media', (c) => uploadMedia(state, c))
    .get('/:id', (c) => readNode(state, c));
}

function sendMessage(state: State, c: Context): Response {
  if (c.req.param('id') !== state.phoneNumberId) return reply(c, whatsAppError(100));
  const body = state.calls.at(-1)?.json as { messaging_product?: unknown; to?: string; recipient?: string } | undefined;
  if (body?.messaging_product !== 'whatsapp') return reply(c, whatsAppError(100));
  const input = body.to ?? body.recipient ?? '';
  return c.json({ messaging_product: 'whatsapp', contacts: [{ input, wa_id: input }], messages: [{ id: `wamid.FAKE${state.calls.length}` }] });
}

function uploadMedia(state: State, c: Context): Response {
  const form = state.calls.at(-1)?.form;
  if (c.req.param('id') !== state.phoneNumberId || form?.fields.messaging_product !== 'whatsapp' || !form.file) return reply(c, whatsAppError(100));
  const id = String(9_000_000 + state.calls.length);
  state.media.set(id, { bytes: form.file.bytes, mimeType: form.fields.type ?? form.file.type });
  return c.json({ id });
}

// GET /{id}: the phone number (fields display_phone_number, verified_name) or a media file's URL and facts.
function readNode(state: State, c: Context): Response {
  const id = c.req.param('id') ?? '';
  if (id === state.phoneNumberId) return c.json({ display_phone_number: '+1 555-078-3881', verified_name: 'Switchboard Test', id });
  const stored = state.media.get(id);
  if (!stored) return reply(c, whatsAppError(100));
  const sha256 = createHash('sha256').update(stored.bytes).digest('hex');
  const url = `${state.origin}/whatsapp_business/attachments/?mid=${id}&ext=1700000000&hash=ATuQ`;
  return c.json({ messaging_product: 'whatsapp', url, mime_type: stored.mimeType, sha256, file_size: String(stored.declaredSize ?? stored.bytes.byteLength), id });
}

// The short-lived media URL: only with the bearer token, like lookaside.fbsbx.com.
function download(state: State, c: Context): Response {
  state.downloads.push(c.req.header('authorization') ?? null);
  if (c.req.header('authorization') !== `Bearer ${state.accessToken}`) return c.text('Unauthorized', 401);
  const stored = state.media.get(c.req.query('mid') ?? '');
  return stored ? new Response(new Uint8Array(stored.bytes), { headers: { 'content-type': stored.mimeType } }) : c.text('Not Found', 404);
}

async function record(request: Request, path: string): Promise<RecordedCall> {
  const base = { method: request.method, path, authorization: request.headers.get('authorization') };
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) return { ...base, json: await request.clone().json().catch(() => undefined) };
  if (!type.startsWith('multipart/form-data')) return base;
  const fields: Record<string, string> = {};
  let file: { name: string; type: string; bytes: Uint8Array } | undefined;
  for (const [key, value] of await request.clone().formData()) {
    if (typeof value === 'string') fields[key] = value;
    else file = { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return { ...base, form: { fields, file } };
}

function listen(app: Hono): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, overrideGlobalObjects: false }, (info: AddressInfo) => {
      resolve({ server: server as Server, port: info.port });
    });
  });
}
