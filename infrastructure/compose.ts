import { join } from 'node:path';
import type { Hono } from 'hono';
import type { Deps } from '../application/deps.ts';
import { downloadAttachment } from '../application/jobs/download-attachment.ts';
import { enrichContact } from '../application/jobs/enrich-contact.ts';
import { DOWNLOAD_ATTACHMENT, ENRICH_CONTACT } from '../application/jobs/kinds.ts';
import { exponentialBackoff } from '../application/jobs/run-due-jobs.ts';
import { createInProcessEvents } from '../adapters/events/in-process-events.ts';
import { createLocalFileStorage } from '../adapters/files/local-file-storage.ts';
import { createHttpApp } from '../adapters/http/app.ts';
import { createProviderRegistry } from '../adapters/providers/registry.ts';
import { settingsCodecFor } from '../adapters/security/settings-codec.ts';
import { systemClock } from '../adapters/system/system-clock.ts';
import { uuidIds } from '../adapters/system/uuid-ids.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './database.ts';
import { startJobWorker } from './job-worker.ts';
import type { Logger } from './logger.ts';

/** The composed service: an HTTP app to serve, and how to stop what runs behind it. */
export interface Service {
  readonly app: Hono;
  /** Finishes in-flight jobs, then closes the database (and releases the data folder). */
  close(): Promise<void>;
}

/** The composition root: every adapter built once, by hand, top to bottom. */
export async function composeService(config: Config, logger: Logger): Promise<Service> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: join(config.DATA_DIR, 'pgdata'),
    settingsCodec: settingsCodecFor(config.SWITCHBOARD_ENCRYPTION_KEY),
  });
  await checkChannelSettingsReadable(database);
  const events = createInProcessEvents((error) => logger.error({ err: error }, 'an event listener failed'));
  const providers = createProviderRegistry({ timeoutMs: 15_000, downloadTimeoutMs: 120_000, retryDelayMs: 30_000, clock: systemClock });
  const deps: Deps = {
    transaction: database.transaction,
    clock: systemClock,
    ids: uuidIds,
    events,
    providers,
    files: createLocalFileStorage({ dir: join(config.DATA_DIR, 'files'), ids: uuidIds }),
    limits: { maxAttachmentBytes: config.ATTACHMENT_LIMIT_BYTES },
  };
  const worker = startJobWorker({
    deps,
    handlers: { [DOWNLOAD_ATTACHMENT]: downloadAttachment, [ENRICH_CONTACT]: enrichContact },
    policy: { batchSize: config.JOB_CONCURRENCY, leaseMs: 5 * 60_000, backoffMs: exponentialBackoff },
    pollMs: 1_000,
    logger,
  });
  events.subscribe((event) => { if (event.type === 'message.received') worker.wake(); });
  const app = createHttpApp({
    api: { deps, providerNames: providers.names, checkSettings: providers.checkSettings, publicUrl: config.PUBLIC_URL, adminToken: config.SWITCHBOARD_ADMIN_TOKEN },
    webhookProviders: providers.find,
    databaseAnswers: () => database.ping().then(() => true),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    fileLimitBytes: config.FILE_LIMIT_BYTES,
    logError: (error) => logger.error({ err: error }, 'request failed'),
  });
  return {
    app,
    async close() {
      await worker.stop();
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
