import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '../adapters/trpc/router.ts';
import { FetchEventSource } from './event-source.ts';

export { FetchEventSource, type FetchEventSourceInit, type SourceEvent } from './event-source.ts';
export type { AppRouter } from '../adapters/trpc/router.ts';
export type { EventView } from '../adapters/trpc/routers/events.ts';

/** Where the service is, who is calling, and optionally which EventSource to use. */
export interface SwitchboardClientOptions {
  /** The service's address (`https://switchboard.example`), or its tRPC endpoint (`…/trpc`). */
  readonly url: string;
  /** An agent's API token (or SWITCHBOARD_ADMIN_TOKEN). */
  readonly token: string;
  /**
   * A native EventSource (a browser's) for `events`: it cannot send headers, so the token goes as
   * tRPC connection params in the URL. By default FetchEventSource sends it as a Bearer header.
   */
  readonly EventSource?: typeof globalThis.EventSource | undefined;
  /** Wait before an event stream reconnects, in ms (FetchEventSource only; default 1000). */
  readonly reconnectMs?: number | undefined;
}

/**
 * A typed client of the agent API: queries and mutations batched over HTTP, the `events`
 * subscription over server-sent events (resumed after its last event id when it reconnects).
 * No data transformer: timestamps arrive as ISO-8601 strings.
 */
export function createSwitchboardClient(options: SwitchboardClientOptions) {
  const url = endpointOf(options.url);
  const headers = { authorization: `Bearer ${options.token}` };
  const subscriptions = options.EventSource
    ? httpSubscriptionLink({ url, EventSource: options.EventSource, connectionParams: { token: options.token } })
    : httpSubscriptionLink({ url, EventSource: FetchEventSource, eventSourceOptions: () => ({ headers, retryMs: options.reconnectMs }) });
  return createTRPCClient<AppRouter>({
    links: [splitLink({ condition: (op) => op.type === 'subscription', true: subscriptions, false: httpBatchLink({ url, headers }) })],
  });
}

/** The client createSwitchboardClient makes. */
export type SwitchboardClient = ReturnType<typeof createSwitchboardClient>;

const endpointOf = (url: string): string => {
  const base = url.replace(/\/+$/, '');
  return base.endsWith('/trpc') ? base : `${base}/trpc`;
};
