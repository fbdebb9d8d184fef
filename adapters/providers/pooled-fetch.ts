import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { createFetch } from 'ofetch';

/**
 * The ofetch of every call to a messenger's API (Bot API, Graph, a custom messenger's endpoint).
 * Under Node its transport is `pooledFetch`; under Deno, whose `fetch` is native, the global one.
 */
export const apiFetch = createFetch({ fetch: isDeno() ? globalThis.fetch : pooledFetch, Headers, AbortController });

function isDeno(): boolean {
  return 'Deno' in globalThis;
}

type BufferedBody = string | Uint8Array | undefined;

const MAX_REDIRECTS = 20; // as fetch: https://fetch.spec.whatwg.org/#http-redirect-fetch
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** No API answer is near this: a bigger one (or one that inflates past it) is refused, never held in memory. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
// A kept socket idle for 4 s is closed, as undici does: a server or load balancer that drops idle connections
// without saying so (no Keep-Alive: timeout hint) would otherwise reset the next request sent on it.
const AGENT_OPTIONS = { keepAlive: true, timeout: 4_000 };
const agents = { 'http:': new HttpAgent(AGENT_OPTIONS), 'https:': new HttpsAgent(AGENT_OPTIONS) };

/**
 * `fetch` for API calls, over node:http's keep-alive pools: an API call (a string or bytes body, its answer
 * read whole) costs about half the CPU of Node 20's fetch, whose WHATWG streams and Request objects
 * dominate a small exchange (bench/README, "outbound calls"). Same contract as fetch for these calls:
 * redirects followed (or, with `redirect: 'manual'`, returned), gzip/deflate/br answers decoded, an abort
 * rejects with the signal's reason, a network failure is a TypeError whose cause is the socket's error.
 * Anything else (a FormData or stream body, a Request, `redirect: 'error'`) goes to the global fetch. Unlike
 * fetch, an answer over MAX_ANSWER_BYTES fails the call; like Node's fetch, nothing but the caller's signal
 * bounds its time (every caller gives one).
 */
export async function pooledFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === 'string' || input instanceof URL ? URL.parse(String(input)) : null;
  const body = bufferedBody(init.body);
  const redirect = init.redirect ?? 'follow';
  if (!url || !(url.protocol in agents) || body === null || redirect === 'error') return globalThis.fetch(input, init);
  const exchange: Exchange = { url, method: (init.method ?? 'GET').toUpperCase(), headers: headerRecord(init.headers), body };
  return follow(exchange, redirect, init.signal ?? undefined, 0);
}

/** A body sent as it is, or null for one the global fetch must encode (FormData, Blob, a stream, ...). */
function bufferedBody(body: BodyInit | null | undefined): BufferedBody | null {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' || body instanceof Uint8Array ? body : null;
}

interface Exchange {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: BufferedBody;
}

interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly bytes: Buffer;
}

async function follow(exchange: Exchange, redirect: 'follow' | 'manual', signal: AbortSignal | undefined, redirects: number): Promise<Response> {
  const answer = await send(exchange, signal);
  const location = answer.headers.get('location');
  if (redirect === 'follow' && REDIRECTS.has(answer.status) && location !== null) {
    if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
    return follow(redirected(exchange, answer.status, location), redirect, signal, redirects + 1);
  }
  const empty = NULL_BODY_STATUSES.has(answer.status) || exchange.method === 'HEAD';
  try {
    return new Response(empty ? null : decoded(answer), { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  } catch (error) {
    throw new TypeError('fetch failed', { cause: error }); // a body that does not decode, a status outside 200-599
  }
}

/** The next request of a redirect, as fetch makes it: a POST after 301/302 and anything but GET/HEAD after 303 become a body-less GET. */
function redirected(exchange: Exchange, status: number, location: string): Exchange {
  let url: URL;
  try {
    url = new URL(location, exchange.url);
  } catch (error) {
    throw new TypeError('fetch failed', { cause: error });
  }
  if (!(url.protocol in agents)) throw new TypeError('fetch failed', { cause: new Error(`redirect to ${url.protocol}`) });
  const toGet = ((status === 301 || status === 302) && exchange.method === 'POST') || (status === 303 && !['GET', 'HEAD'].includes(exchange.method));
  const headers = { ...exchange.headers };
  if (toGet) for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) delete headers[name];
  // Credentials never follow a redirect to another origin.
  if (url.origin !== exchange.url.origin) for (const name of ['authorization', 'proxy-authorization', 'cookie']) delete headers[name];
  return { url, method: toGet ? 'GET' : exchange.method, headers, body: toGet ? undefined : exchange.body };
}

function send({ url, method, headers, body }: Exchange, signal: AbortSignal | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const outgoing: OutgoingHttpHeaders = { accept: '*/*', 'user-agent': 'node', ...headers };
    if (body !== undefined) outgoing['content-length'] = Buffer.byteLength(body);
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers: outgoing, agent: agents[url.protocol as keyof typeof agents] });
    const onAbort = () => request.destroy(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = <T>(then: (value: T) => void) => (value: T) => {
      signal?.removeEventListener('abort', onAbort);
      then(value);
    };
    const fail = settle((error: unknown) => reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error })));
    request.on('error', fail);
    request.on('response', (response) => readAnswer(response).then(settle(resolve), fail));
    request.end(body);
  });
}

async function readAnswer(response: IncomingMessage): Promise<Answer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > MAX_ANSWER_BYTES) throw new Error(`the answer is over ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return { status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers, bytes: Buffer.concat(chunks) };
}

/**
 * The body as fetch gives it: decoded from the content codings fetch decodes (none is asked for; a server may
 * still send one). Node's buffers from concat and zlib are never backed by a SharedArrayBuffer.
 */
function decoded({ headers, bytes }: Answer): Uint8Array<ArrayBuffer> {
  const codings = (headers.get('content-encoding') ?? '').split(',').map((coding) => coding.trim().toLowerCase()).filter(Boolean);
  let decodedBytes = bytes;
  const limit = { maxOutputLength: MAX_ANSWER_BYTES };
  for (const coding of codings.reverse()) {
    if (decodedBytes.length === 0) break; // an empty body says nothing in any coding (fetch reads it as empty)
    if (coding === 'gzip' || coding === 'x-gzip') decodedBytes = gunzipSync(decodedBytes, limit);
    // "deflate" is meant to be zlib-wrapped, but some servers send it raw; fetch reads both (zlib's header: CM = 8).
    else if (coding === 'deflate') decodedBytes = (decodedBytes[0]! & 0x0f) === 8 ? inflateSync(decodedBytes, limit) : inflateRawSync(decodedBytes, limit);
    else if (coding === 'br') decodedBytes = brotliDecompressSync(decodedBytes, limit);
    else return bytes as Uint8Array<ArrayBuffer>; // a coding fetch does not know: the bytes as they came, as fetch gives them
  }
  return decodedBytes as Uint8Array<ArrayBuffer>;
}

function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(init).forEach((value, name) => { record[name] = value; });
  return record;
}
