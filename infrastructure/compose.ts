import { createHash } from 'node:crypto';
import type { JobLane } from '../application/ports/job-queue.ts';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { arrivalStoreOn } from '../adapters/persistence/arrivals/arrival-store-on.ts';
import { deliveryStoreOn } from '../adapters/persistence/outgoing/delivery-store-on.ts';
import { createMikroOrmEventLog } from '../adapters/persistence/mikro-orm-event-log.ts';
import { settingsCodecFor } from '../adapters/security/settings-codec.ts';
import { systemClock } from '../adapters/system/system-clock.ts';
import { embeddedDataDir, type Config } from './config.ts';
import type { EarlyStart } from './early-start.ts';
import { openDatabase, type Database } from './database.ts';
import { startEventFanOut } from './event-listener.ts';
import { signallingJobs } from './job-signal.ts';
import { startJobWorker } from './job-worker.ts';
import type { Logger } from './logger.ts';
import { BACKGROUND_LANE, buildService, DELIVERY_LANE, JOB_HANDLERS, jobPolicy } from './service.ts';

/** The composed service: an HTTP app to serve, and how to stop what runs behind it. */
export interface Service {
  readonly app: Hono;
  /**
   * Ends open event streams (their clients reconnect, to another instance if there is one). An HTTP
   * server waits for open responses when it closes: call this before closing it.
   */
  endEventStreams(): void;
  /** Ends event streams, stops listening, finishes in-flight jobs, then closes the database (and releases the data folder). */
  close(): Promise<void>;
}

/** The composition root: the database, the service built on it, and its job workers (deliveries, and the rest). */
export async function composeService(config: Config, logger: Logger, early: Pick<EarlyStart, 'embedded'> = {}): Promise<Service> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: embeddedDataDir(config),
    started: early.embedded,
    settingsCodec: settingsCodecFor(config.SWITCHBOARD_ENCRYPTION_KEY),
    onBackgroundError: (error) => logger.error({ err: error }, 'embedded database maintenance failed'),
  });
  await checkChannelSettingsReadable(database);
  let wakeDeliveries = () => {};
  let wakeBackground = () => {};
  const { deps, app, eventFeed } = buildService({
    // Any kind of job may come from a unit of work of the repositories; the stores below enqueue one lane's only.
    transaction: signallingJobs(database.transaction, () => { wakeDeliveries(); wakeBackground(); }),
    databaseAnswers: () => database.ping().then(() => true),
    clock: systemClock,
    filesDir: join(config.DATA_DIR, 'files'),
    publicUrl: config.PUBLIC_URL,
    adminToken: config.SWITCHBOARD_ADMIN_TOKEN,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    fileLimitBytes: config.FILE_LIMIT_BYTES,
    attachmentLimitBytes: config.ATTACHMENT_LIMIT_BYTES,
    logError: (error) => logger.error({ err: error }, 'request failed'),
    eventLog: createMikroOrmEventLog(database.orm),
    fileLinkSecret: fileLinkSecretOf(config),
    arrivalStore: (announce) => arrivalStoreOn(database, (events, jobs) => { announce(events); if (jobs > 0) wakeBackground(); }),
    deliveryStore: (announce) => deliveryStoreOn(database, (events, jobs) => { announce(events); if (jobs > 0) wakeDeliveries(); }),
  });
  const fanOut = await startEventFanOut({
    databaseUrl: database.kind === 'postgres' ? config.DATABASE_URL : undefined, feed: eventFeed, clock: systemClock,
    onError: (error) => logger.error({ err: error }, 'event fan-out failed'),
  }).catch(async (error: unknown) => { await database.close(); throw error; });
  const worker = (concurrency: number, lane: JobLane) => startJobWorker({ deps, handlers: JOB_HANDLERS, policy: jobPolicy(concurrency, lane), pollMs: 1_000, logger });
  const deliveries = worker(config.DELIVERY_CONCURRENCY, DELIVERY_LANE);
  const background = worker(config.JOB_CONCURRENCY, BACKGROUND_LANE);
  wakeDeliveries = () => deliveries.wake();
  wakeBackground = () => background.wake();
  return {
    app,
    endEventStreams: () => eventFeed.hub.close(),
    async close() {
      eventFeed.hub.close();
      await fanOut.stop();
      await Promise.all([deliveries.stop(), background.stop()]);
      await database.close();
    },
  };
}

/** Fails the start, not every later request, when the encryption key is missing or wrong for stored settings. */
async function checkChannelSettingsReadable(database: Database): Promise<void> {
  try {
    await database.transaction.run(({ channels }) => channels.list());
  } catch (error) {
    await database.close();
    throw new Error(`stored channel settings cannot be read; is SWITCHBOARD_ENCRYPTION_KEY the key they were written with? (${(error as Error).message})`, { cause: error });
  }
}

/**
 * The key of signed file links: FILE_LINK_SECRET, else one derived from a secret every instance
 * shares already (so links work across instances), else none (files then always need a token).
 */
function fileLinkSecretOf(config: Config): string | undefined {
  const base = config.FILE_LINK_SECRET ?? config.SWITCHBOARD_ENCRYPTION_KEY ?? config.SWITCHBOARD_ADMIN_TOKEN;
  return base && createHash('sha256').update(`switchboard file links\0${base}`).digest('hex');
}
