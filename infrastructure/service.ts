import type { Hono } from 'hono';
import type { Deps } from '../application/deps.ts';
import { deliverMessage } from '../application/jobs/deliver-message.ts';
import { downloadAttachment } from '../application/jobs/download-attachment.ts';
import { enrichContact } from '../application/jobs/enrich-contact.ts';
import type { JobHandler } from '../application/jobs/job-handler.ts';
import { DELIVER_MESSAGE, DOWNLOAD_ATTACHMENT, ENRICH_CONTACT, ROUTE_CHAT } from '../application/jobs/kinds.ts';
import { exponentialBackoff, type JobPolicy } from '../application/jobs/run-due-jobs.ts';
import { routeChat } from '../application/jobs/route-chat.ts';
import { createTransactionalArrivalStore } from '../application/inbound/transactional-arrival-store.ts';
import type { ArrivalStore } from '../application/ports/arrival-store.ts';
import type { JobLane } from '../application/ports/job-queue.ts';
import type { DeliveryStore } from '../application/ports/delivery-store.ts';
import { createTransactionalDeliveryStore } from '../application/messages/transactional-delivery-store.ts';
import type { SwitchboardEvent } from '../application/ports/events.ts';
import type { Clock } from '../application/ports/clock.ts';
import type { Transaction } from '../application/ports/transaction.ts';
import { createEventHub } from '../adapters/events/event-hub.ts';
import type { EventLog } from '../adapters/events/event-log.ts';
import type { EventFeed } from '../adapters/events/event-stream.ts';
import { createInMemoryEventLog } from '../adapters/events/in-memory-event-log.ts';
import { createInProcessEvents, type InProcessEvents } from '../adapters/events/in-process-events.ts';
import { createLoggedEvents } from '../adapters/events/logged-events.ts';
import { createLocalFileStorage } from '../adapters/files/local-file-storage.ts';
import { createHttpApp } from '../adapters/http/app.ts';
import { cachingChannels, createChannelCache } from '../adapters/http/channel-cache.ts';
import { signedFileUrl } from '../adapters/http/file-links.ts';
import { webhookUrl } from '../adapters/http/webhook-url.ts';
import type { ProviderOptions } from '../adapters/providers/provider-module.ts';
import { createProviderRegistry } from '../adapters/providers/registry.ts';
import { uuidIds } from '../adapters/system/uuid-ids.ts';
import type { ApiServices } from '../adapters/trpc/context.ts';

/** Every job kind and the use case that does it. */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [DOWNLOAD_ATTACHMENT]: downloadAttachment,
  [ENRICH_CONTACT]: enrichContact,
  [DELIVER_MESSAGE]: deliverMessage,
  [ROUTE_CHAT]: routeChat,
};

/** How jobs are held and retried, `concurrency` at a time, of the lane's kinds (default: all). */
export const jobPolicy = (concurrency: number, lane?: JobLane): JobPolicy => ({ batchSize: concurrency, leaseMs: 5 * 60_000, backoffMs: exponentialBackoff, lane });

/**
 * Agents' messages to customers: a lane of their own, so that a reply never waits for a slot behind
 * attachment downloads or profile lookups, and many chats' replies (each one at a time) go out at once.
 */
export const DELIVERY_LANE: JobLane = { kinds: [DELIVER_MESSAGE], except: false };
/** Every other kind of job. */
export const BACKGROUND_LANE: JobLane = { kinds: [DELIVER_MESSAGE], except: true };

/** What building the service needs beyond the database. */
export interface ServiceOptions {
  readonly transaction: Transaction;
  readonly databaseAnswers: () => Promise<boolean>;
  readonly clock: Clock;
  readonly filesDir: string;
  readonly publicUrl: string | undefined;
  readonly adminToken: string | undefined;
  readonly bodyLimitBytes: number;
  readonly fileLimitBytes: number;
  readonly attachmentLimitBytes: number;
  readonly providerOptions?: Partial<ProviderOptions> | undefined;
  /** Signs links to stored files that messengers fetch by URL; without it (or a public URL) there are none. */
  readonly fileLinkSecret?: string | undefined;
  readonly logError: (error: unknown) => void;
  /** Where events are kept for subscribers (default: in memory, for one instance without a database). */
  readonly eventLog?: EventLog | undefined;
  /**
   * The store of incoming messages, given how to announce the events it logs itself (default: the
   * repositories, one arrival at a time, over `transaction`).
   */
  readonly arrivalStore?: ((announce: AnnounceLogged) => ArrivalStore) | undefined;
  /** The store of outgoing deliveries, given the same (default: the repositories', over `transaction`). */
  readonly deliveryStore?: ((announce: AnnounceLogged) => DeliveryStore) | undefined;
}

/** Tells this instance's subscribers and listeners of events a store logged in its own commit. */
export type AnnounceLogged = (events: readonly SwitchboardEvent[]) => void;

/** The service's parts: the core's ports, the API's services, the HTTP app, the events to subscribe to. */
export interface ServiceParts {
  readonly deps: Deps;
  readonly services: ApiServices;
  readonly app: Hono;
  readonly events: InProcessEvents;
  /** The durable events the `events` subscription reads; close its hub to end open streams. */
  readonly eventFeed: EventFeed;
}

/** Builds every adapter once, by hand, top to bottom (shared by compose.ts and the end-to-end tests). */
export function buildService(options: ServiceOptions): ServiceParts {
  const events = createInProcessEvents(options.logError);
  const eventLog = options.eventLog ?? createInMemoryEventLog(options.transaction);
  const eventFeed: EventFeed = { log: eventLog, hub: createEventHub(eventLog, options.logError) };
  const providers = createProviderRegistry({
    timeoutMs: 15_000, downloadTimeoutMs: 120_000, retryDelayMs: 30_000, clock: options.clock,
    webhookUrl: (channel) => webhookUrl(options.publicUrl, channel),
    fileUrl: fileUrlFor(options),
    ...options.providerOptions,
  });
  const loggedEvents = createLoggedEvents({ ...eventFeed, local: events, clock: options.clock, onError: options.logError });
  const announce: AnnounceLogged = (logged) => {
    eventFeed.hub.wake();
    for (const event of logged) void events.publish(event);
  };
  // Every webhook and job names its channel: kept a second, forgotten at once when changed through this instance.
  const channelCache = createChannelCache((id) => options.transaction.read(({ channels }) => channels.find(id)), 1_000);
  const transaction = cachingChannels(options.transaction, channelCache);
  const deps: Deps = {
    transaction,
    arrivals: options.arrivalStore?.(announce) ?? createTransactionalArrivalStore({ transaction, events: loggedEvents }),
    deliveries: options.deliveryStore?.(announce) ?? createTransactionalDeliveryStore({ transaction, events: loggedEvents }),
    clock: options.clock,
    ids: uuidIds,
    events: loggedEvents,
    providers,
    files: createLocalFileStorage({ dir: options.filesDir, ids: uuidIds }),
    limits: { maxAttachmentBytes: options.attachmentLimitBytes },
  };
  const services: ApiServices = {
    deps, providerNames: providers.names, checkSettings: providers.checkSettings, publicSettingsOf: providers.publicSettingsOf,
    publicUrl: options.publicUrl, adminToken: options.adminToken, eventFeed,
  };
  const app = createHttpApp({
    api: services, webhookProviders: providers.find, databaseAnswers: options.databaseAnswers,
    bodyLimitBytes: options.bodyLimitBytes, fileLimitBytes: options.fileLimitBytes, logError: options.logError,
    fileLinkSecret: options.fileLinkSecret, clock: options.clock, channelCache,
  });
  return { deps, services, app, events, eventFeed };
}

/** Signed, expiring links to stored files, for messengers that fetch an outgoing attachment by URL. */
function fileUrlFor(options: ServiceOptions): ProviderOptions['fileUrl'] {
  const { publicUrl, fileLinkSecret } = options;
  if (!publicUrl || !fileLinkSecret) return undefined;
  return (attachment) => (attachment.fileId ? signedFileUrl(publicUrl, fileLinkSecret, attachment.fileId, options.clock.now()) : undefined);
}
