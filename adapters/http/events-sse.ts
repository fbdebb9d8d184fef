import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';
import { createContext, type ApiServices } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/init.ts';
import { appRouter } from '../trpc/router.ts';
import type { EventSubscription } from '../trpc/routers/events.ts';
import { configuredPingMs, deserializeInput, framesFitConfig, SSE_HEADERS } from '../trpc/sse-frames.ts';
import { bodyOf, nodeResponseOf, writeToNode, type OpenSubscription } from './sse-stream.ts';

/** What the lean `events` responder needs. */
export interface EventsSseOptions {
  readonly api: ApiServices;
  readonly logError: (error: unknown) => void;
  /** At most this long without a frame before a ping (default: as configured in adapters/trpc/init.ts). */
  readonly pingMs?: number | undefined;
}

const PATH = 'events';
const createCaller = createCallerFactory(appRouter);

/**
 * Serves `GET /trpc/events` as tRPC's SSE handler does, in its wire format, but lean: tRPC's producer
 * costs ~0.4 ms of CPU per event per subscriber (generators, a timer and a race per event, two
 * transform streams); here each log entry is encoded once for all subscribers and written in one
 * chunk (under Node straight to the response, see sse-stream.ts). The procedure itself runs as
 * always (authentication, valibot input, openEventStream).
 * A request this does not open a stream for (HEAD, a batch, one that fails before streaming: no
 * token, a bad input) goes on to tRPC's handler, which answers it exactly as before.
 */
export function eventsSse(options: EventsSseOptions): MiddlewareHandler {
  const stream = { pingMs: options.pingMs ?? configuredPingMs(), logError: options.logError };
  return async function eventsSse(c, next) {
    const request = c.req.raw;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.searchParams.has('batch') || !framesFitConfig()) return next();
    const opened = await openSubscription(options.api, request, url).catch(() => undefined);
    if (!opened) return next();
    const node = nodeResponseOf(c.env);
    if (!node) return new Response(bodyOf(opened, stream), { status: 200, headers: SSE_HEADERS });
    writeToNode(opened, node, stream);
    return RESPONSE_ALREADY_SENT;
  };
}

async function openSubscription(api: ApiServices, request: Request, url: URL): Promise<OpenSubscription> {
  const input = deserializeInput(url.searchParams.get('input'));
  const ctx = await createContext(api, request);
  const abort = new AbortController();
  request.signal.addEventListener('abort', () => abort.abort(), { once: true });
  if (request.signal.aborted) abort.abort();
  const events = createCaller(ctx, { signal: abort.signal }).events as (input: unknown) => Promise<EventSubscription>;
  const subscription = await events(withLastEventId(input, lastEventIdOf(request, url)));
  return { subscription, call: { ctx, input, path: PATH }, abort };
}

/** The id a reconnecting client resumes after, where tRPC looks for it (an EventSource sends the header). */
const lastEventIdOf = (request: Request, url: URL): string | null =>
  request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? url.searchParams.get('Last-Event-Id');

/** tRPC hands a subscription the id to resume after as its input's `lastEventId`. */
function withLastEventId(input: unknown, lastEventId: string | null): unknown {
  if (!lastEventId) return input;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { ...input, lastEventId };
  return input ?? { lastEventId };
}
