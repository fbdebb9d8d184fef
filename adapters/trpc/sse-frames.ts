import { getErrorShape, getTRPCErrorFromUnknown, type TRPCError } from '@trpc/server';
import type { Context } from './context.ts';
import { appRouter } from './router.ts';

/**
 * tRPC v11's httpSubscriptionLink wire format, byte for byte, for a responder that writes frames
 * itself (adapters/http/events-sse.ts). tRPC's producer writes each event as its fields
 * (`event:`, `data:`, `id:`, in that order) followed by two more newlines.
 * @see node_modules/@trpc/server/src/unstable-core-do-not-import/stream/sse.ts (sseStreamProducer, sseHeaders)
 */
const config = appRouter._def._config;
const encoder = new TextEncoder();

/** The response headers tRPC's fetch adapter sends with a subscription. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  vary: 'trpc-accept, accept',
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

/** Whether init.ts configures SSE as these frames assume: subscriptions on, no maximum duration, no end after the first event. */
export const framesFitConfig = (): boolean =>
  config.sse?.enabled !== false && !config.sse?.maxDurationMs && !config.sse?.emitAndEndImmediately;

/** The ping interval configured in init.ts (undefined: no pings). */
export function configuredPingMs(): number | undefined {
  const ping = config.sse?.ping;
  if (!ping?.enabled) return undefined;
  const intervalMs = ping.intervalMs ?? 1_000;
  return intervalMs > 0 && intervalMs !== Infinity ? intervalMs : undefined;
}

const frame = (fields: string): Uint8Array => encoder.encode(`${fields}\n\n`);

/** The first frame: the client options (the inactivity after which the client reconnects). */
export const connectedFrame = (): Uint8Array => frame(`event: connected\ndata: ${JSON.stringify(config.sse?.client ?? {})}\n`);

export const PING_FRAME = frame('event: ping\ndata: \n');
/** The end of a stream whose procedure returned. */
export const RETURN_FRAME = frame('event: return\ndata: \n');

/** A tracked value: its serialized data, and its id, which the client sends back as `lastEventId`. */
export const trackedFrame = (id: string, value: unknown): Uint8Array =>
  frame(`data: ${JSON.stringify(config.transformer.output.serialize(value))}\nid: ${id}\n`);

/** The input as tRPC's GET parser reads it: `input` (JSON, then the transformer); undefined when there is none. */
export function deserializeInput(json: string | null): unknown {
  return json === null ? undefined : config.transformer.input.deserialize(JSON.parse(json));
}

/** What a subscription of `path` ends with when it fails: the error as the client sees it (formatted as init.ts says). */
export function errorFrame(cause: unknown, call: { ctx: Context | undefined; input: unknown; path: string }): { frame: Uint8Array; error: TRPCError } {
  const error = getTRPCErrorFromUnknown(cause);
  const shape = getErrorShape({ config, error, type: 'subscription', path: call.path, input: call.input, ctx: call.ctx });
  return { frame: frame(`event: serialized-error\ndata: ${JSON.stringify(config.transformer.output.serialize(shape))}\n`), error };
}
