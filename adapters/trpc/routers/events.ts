import { tracked, TRPCError, type TrackedEnvelope } from '@trpc/server';
import * as v from 'valibot';
import type { SwitchboardEvent } from '../../../application/ports/events.ts';
import type { StoredEvent } from '../../events/event-log.ts';
import { audienceOf, openEventStream } from '../../events/event-stream.ts';
import { authedProcedure } from '../init.ts';

/** `lastEventId`: the id of the last event a client received (tRPC's SSE link sends it when it reconnects). */
const EventsInputSchema = v.optional(
  v.object({ lastEventId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,18}$/, 'must be an event id'))) }),
  {},
);

/** An event as subscribers receive it: what happened, its id in the log, when it was stored, its chat (null for none). */
export type EventView = SwitchboardEvent & { readonly id: string; readonly at: string; readonly chatId: string | null };

/**
 * What the `events` procedure returns: tracked views for tRPC (its SSE producer, createCaller), and
 * the log entries themselves for a transport that encodes each entry once for all its subscribers
 * (adapters/http/events-sse.ts). Iterate one or the other, never both.
 */
export interface EventSubscription extends AsyncIterable<TrackedEnvelope<EventView>> {
  readonly entries: AsyncGenerator<StoredEvent, void>;
  /** Why the stream ends once `entries` ran out: the shutdown error while the client is still there, else nothing. */
  endError(): TRPCError | undefined;
}

/** Each event once, in order, of the chats the caller may see: missed ones first when it resumes after `lastEventId`. */
export const eventsProcedure = authedProcedure.input(EventsInputSchema).subscription(async ({ ctx, input, signal }) =>
  eventSubscription(await openEventStream(ctx.services.eventFeed, audienceOf(ctx.viewer), input.lastEventId, signal), signal));

function eventSubscription(entries: AsyncGenerator<StoredEvent, void>, signal: AbortSignal | undefined): EventSubscription {
  // Ended while the client is still there: this instance is shutting down. A retryable code makes clients reconnect.
  const endError = () => (signal?.aborted ? undefined : new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'the service is shutting down; reconnect' }));
  return { entries, endError, [Symbol.asyncIterator]: () => trackedViews(entries, endError) };
}

async function* trackedViews(entries: AsyncIterable<StoredEvent>, endError: () => TRPCError | undefined) {
  for await (const entry of entries) yield tracked(entry.id, toEventView(entry));
  const error = endError();
  if (error) throw error;
}

/** The log keeps what the event said; it goes out as it was published, under its id and time. */
export const toEventView = (entry: StoredEvent): EventView =>
  ({ ...entry.payload, id: entry.id, type: entry.type, chatId: entry.chatId, at: entry.at.toISOString() }) as unknown as EventView;
