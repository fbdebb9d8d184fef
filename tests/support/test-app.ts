import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { Deps } from '../../application/deps.ts';
import { runDueJobs } from '../../application/jobs/run-due-jobs.ts';
import type { SwitchboardEvent } from '../../application/ports/events.ts';
import type { Viewer } from '../../application/viewer.ts';
import { arrivalStoreOn } from '../../adapters/persistence/arrivals/arrival-store-on.ts';
import { deliveryStoreOn } from '../../adapters/persistence/outgoing/delivery-store-on.ts';
import { createMikroOrmEventLog } from '../../adapters/persistence/mikro-orm-event-log.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import { BOOTSTRAP_ADMIN, createContextInner, type ApiServices } from '../../adapters/trpc/context.ts';
import { createCallerFactory } from '../../adapters/trpc/init.ts';
import { appRouter } from '../../adapters/trpc/router.ts';
import { startEventFanOut } from '../../infrastructure/event-listener.ts';
import { buildService, JOB_HANDLERS, jobPolicy } from '../../infrastructure/service.ts';
import type { TestDatabase } from './test-db.ts';

/** The bootstrap admin token every test app accepts (SWITCHBOARD_ADMIN_TOKEN). */
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

const JOB_POLICY = jobPolicy(4);

const createCaller = createCallerFactory(appRouter);
/** A tRPC caller without transport, for one viewer. */
export type Caller = ReturnType<typeof createCaller>;

/** What a test may configure; the rest is as in production (config defaults). */
export interface TestAppOptions {
  readonly publicUrl?: string | undefined;
  readonly bodyLimitBytes?: number | undefined;
  readonly fileLimitBytes?: number | undefined;
  readonly attachmentLimitBytes?: number | undefined;
  /** LISTEN for events of other instances on the database's server, as compose.ts does (PostgreSQL only). */
  readonly listen?: boolean | undefined;
  /** Signs file links for messengers (compose.ts derives one from the configured secrets). */
  readonly fileLinkSecret?: string | undefined;
}

/** The service as compose.ts builds it, on a test database, with handles to drive and inspect it. */
export interface TestApp {
  readonly app: Hono;
  readonly services: ApiServices;
  readonly deps: Deps;
  /** Where the local file storage keeps its files. */
  readonly filesDir: string;
  /** Every event published, in order. */
  readonly events: readonly SwitchboardEvent[];
  /** Errors the app logged (5xx, internal tRPC errors): a test of a well-behaved edge expects none. */
  readonly loggedErrors: readonly unknown[];
  /** A tRPC caller for a viewer: the bootstrap admin when none is given, nobody (unauthenticated) for null. */
  caller(viewer?: Viewer | null): Caller;
  /** Runs due jobs until none is due (retries wait for their back-off); returns how many ran. */
  runDueJobs(): Promise<number>;
  /** Ends event streams, stops listening, removes the temporary folder (the database belongs to the caller). */
  close(): Promise<void>;
}

const MIB = 1024 * 1024;

/**
 * Builds Deps and the HTTP app like infrastructure/compose.ts (MikroORM transaction, UUIDv7 ids,
 * system clock, in-process events, the real provider registry, local files in a temporary folder),
 * but on `db` and without the background worker, so jobs run when a test says so.
 */
export async function createTestApp(db: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const tempDir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-'));
  const filesDir = join(tempDir, 'files');
  const loggedErrors: unknown[] = [];
  const published: SwitchboardEvent[] = [];
  const { deps, services, app, events, eventFeed } = buildService({
    transaction: db.transaction,
    databaseAnswers: () => db.database.ping().then(() => true),
    clock: systemClock,
    filesDir,
    publicUrl: options.publicUrl,
    adminToken: ADMIN_TOKEN,
    bodyLimitBytes: options.bodyLimitBytes ?? MIB,
    fileLimitBytes: options.fileLimitBytes ?? 25 * MIB,
    attachmentLimitBytes: options.attachmentLimitBytes ?? 50 * MIB,
    providerOptions: { downloadTimeoutMs: 20_000 },
    logError: (error) => loggedErrors.push(error),
    eventLog: createMikroOrmEventLog(db.database.orm),
    fileLinkSecret: options.fileLinkSecret,
    arrivalStore: (announce) => arrivalStoreOn(db.database, announce),
    deliveryStore: (announce) => deliveryStoreOn(db.database, announce),
  });
  const fanOut = options.listen ? await startEventFanOut({
    databaseUrl: db.kind === 'postgres' ? String(db.database.orm.config.get('clientUrl')) : undefined,
    feed: eventFeed, clock: systemClock, onError: (error) => loggedErrors.push(error),
  }) : undefined;
  events.subscribe((event) => void published.push(event));
  return {
    app,
    services,
    deps,
    filesDir,
    events: published,
    loggedErrors,
    caller: (viewer = BOOTSTRAP_ADMIN) => createCaller(createContextInner(services, viewer ?? undefined)),
    async runDueJobs() {
      let total = 0;
      for (let round = 0; round < 100; round += 1) {
        const ran = await runDueJobs(deps, JOB_HANDLERS, JOB_POLICY);
        if (ran === 0) return total;
        total += ran;
      }
      throw new Error('jobs keep coming due: a job is retried without back-off');
    },
    async close() {
      eventFeed.hub.close();
      await fanOut?.stop();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}
