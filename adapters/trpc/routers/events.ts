import { tracked, TRPCError } from '@trpc/server';
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

/** Each event once, in order, of the chats the caller may see: missed ones first when it resumes after `lastEventId`. */
export const eventsProcedure = authedProcedure.input(EventsInputSchema).subscription(async ({ ctx, input, signal }) =>
  trackedViews(await openEventStream(ctx.services.eventFeed, audienceOf(ctx.viewer), input.lastEventId, signal), signal));

async function* trackedViews(entries: AsyncIterable<StoredEvent>, signal: AbortSignal | undefined) {
  for await (const entry of entries) yield tracked(entry.id, toEventView(entry));
  // Ended while the client is still there: this instance is shutting down. A retryable code makes clients reconnect.
  if (!signal?.aborted) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'the service is shutting down; reconnect' });
}

// The log keeps what the event said; it goes out as it was published, under its id and time.
const toEventView = (entry: StoredEvent): EventView =>
  ({ ...entry.payload, id: entry.id, type: entry.type, chatId: entry.chatId, at: entry.at.toISOString() }) as unknown as EventView;
