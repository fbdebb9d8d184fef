import type { ServerResponse } from 'node:http';
import type { StoredEvent } from '../events/event-log.ts';
import type { Context } from '../trpc/context.ts';
import { toEventView, type EventSubscription } from '../trpc/routers/events.ts';
import { connectedFrame, errorFrame, PING_FRAME, RETURN_FRAME, SSE_HEADERS, trackedFrame } from '../trpc/sse-frames.ts';

/** A subscription the client is connected to: what it reads, the call (for error shapes), and what ends it. */
export interface OpenSubscription {
  readonly subscription: EventSubscription;
  readonly call: { readonly ctx: Context; readonly input: unknown; readonly path: string };
  readonly abort: AbortController;
}

/** How a stream is written: pings, and where failures are reported. */
export interface StreamOptions {
  readonly pingMs: number | undefined;
  readonly logError: (error: unknown) => void;
}

/** Any runtime: the response body, `connected` first, then one chunk per entry as the client reads them. */
export function bodyOf(open: OpenSubscription, options: StreamOptions): ReadableStream<Uint8Array> {
  const pinger = createPinger(options.pingMs);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(connectedFrame());
      pinger.start(() => controller.enqueue(PING_FRAME));
    },
    async pull(controller) {
      const last = await nextFrame(open, options.logError, (frame) => { pinger.wrote(); controller.enqueue(frame); });
      if (open.abort.signal.aborted || last === 'more') return;
      pinger.stop();
      controller.enqueue(last);
      controller.close();
    },
    cancel: () => stop(open, pinger),
  });
}

/**
 * Node (@hono/node-server): the frames straight to the socket's response, without the WHATWG
 * stream the server would read chunk by chunk; waits for `drain` when the client reads slowly
 * (its entries then wait in its inbox, or in the log past the inbox's limit).
 */
export function writeToNode(open: OpenSubscription, response: ServerResponse, options: StreamOptions): void {
  const pinger = createPinger(options.pingMs);
  // The client may have gone while the subscription opened: 'close' was emitted already.
  if (open.abort.signal.aborted || response.destroyed) return stop(open, pinger);
  response.on('close', () => stop(open, pinger));
  response.writeHead(200, SSE_HEADERS);
  response.write(connectedFrame());
  pinger.start(() => response.write(PING_FRAME));
  void (async () => {
    for (;;) {
      const last = await nextFrame(open, options.logError, (frame) => { pinger.wrote(); response.write(frame); });
      if (open.abort.signal.aborted) return;
      if (last !== 'more') { pinger.stop(); response.end(last); return; }
      if (response.writableNeedDrain) await drained(response);
    }
  })();
}

/** The Node response under @hono/node-server (its `c.env.outgoing`); undefined elsewhere (Deno, `app.request`). */
export function nodeResponseOf(env: unknown): ServerResponse | undefined {
  const outgoing = (env as { outgoing?: Partial<ServerResponse> } | undefined)?.outgoing;
  return typeof outgoing?.writeHead === 'function' && typeof outgoing.write === 'function' ? (outgoing as ServerResponse) : undefined;
}

const drained = (response: ServerResponse) => new Promise<void>((resolve) => {
  const done = () => { response.off('drain', done); response.off('close', done); resolve(); };
  response.once('drain', done).once('close', done);
});

function stop({ subscription, abort }: OpenSubscription, pinger: Pinger): void {
  pinger.stop();
  abort.abort();
  void subscription.entries.return(undefined).catch(() => {});
}

/** Every subscriber of this instance gets the same entry object from the hub: its frame is encoded once. */
const frames = new WeakMap<StoredEvent, Uint8Array>();
function frameOf(entry: StoredEvent): Uint8Array {
  let frame = frames.get(entry);
  if (!frame) frames.set(entry, (frame = trackedFrame(entry.id, toEventView(entry))));
  return frame;
}

/** Writes the next entry's frame and answers 'more', or answers the stream's last frame: the error it failed or ended with, else `return`. */
async function nextFrame({ subscription, call, abort }: OpenSubscription, logError: (error: unknown) => void, write: (frame: Uint8Array) => void): Promise<Uint8Array | 'more'> {
  try {
    const next = await subscription.entries.next();
    if (!next.done) {
      if (!abort.signal.aborted) write(frameOf(next.value));
      return 'more';
    }
    const ended = subscription.endError();
    return ended ? errorFrame(ended, call).frame : RETURN_FRAME;
  } catch (cause) {
    const failed = errorFrame(cause, call);
    // As the tRPC handler's onError in app.ts: only what is not the client's fault is logged.
    if (failed.error.code === 'INTERNAL_SERVER_ERROR') logError(failed.error);
    return failed.frame;
  }
}

type Pinger = ReturnType<typeof createPinger>;

/**
 * One timer per stream, ticking at half the interval: a ping goes out after two silent ticks, so never
 * later than the interval after the last frame (as tRPC's per-event timer), and no timer per event.
 */
function createPinger(pingMs: number | undefined) {
  let silentTicks = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    start(ping: () => void) {
      if (pingMs === undefined) return;
      timer = setInterval(() => { if (++silentTicks >= 2) { silentTicks = 0; ping(); } }, pingMs / 2);
    },
    wrote() { silentTicks = 0; },
    stop() { clearInterval(timer); },
  };
}
