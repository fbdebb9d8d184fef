import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNodeChild, startService, type ServiceProcess, type StopResult } from '../service-process.ts';
import { embeddedTarget, serverTarget, type BaselineTarget } from './baseline.ts';
import { freshDatabase, type FreshDatabase } from '../suite/scratch-database.ts';
import type { IngestSettings } from './settings.ts';

/** The section's own databases on the given server: the service's, and the raw-ceiling scratch one. */
const SERVICE_DATABASE = 'switchboard_bench_ingest';
const RAW_DATABASE = 'switchboard_bench_ingest_raw';

export type DatabaseKind = 'pglite' | 'postgres';

/** What one database's run holds open: the service, the two ceilings and the scratch storage. */
export interface Resources {
  readonly kind: DatabaseKind;
  readonly dataDir: string;
  /** The service's database URL (a fresh one on the server), undefined on the embedded database. */
  readonly serviceDatabaseUrl: string | undefined;
  readonly adminToken: string;
  readonly service: ServiceProcess;
  readonly serviceStartMs: number;
  readonly httpCeiling: ServiceProcess;
  readonly raw: BaselineTarget;
}

/** Everything is opened here and closed by `close`, whatever failed in between. */
export async function openResources(kind: DatabaseKind, serverUrl: string | undefined, settings: IngestSettings, opened: (r: Partial<Resources>) => void) {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-ingest-'));
    closers.push(() => rm(dataDir, { recursive: true, force: true }));
    const databases = kind === 'postgres' && serverUrl ? await serverDatabases(serverUrl, closers) : undefined;
    const httpCeiling = await startNodeChild('bench/ingest/http-ceiling-server.ts', { ...process.env }, settings.startTimeoutMs);
    closers.push(() => httpCeiling.stop(5000));
    opened({ httpCeiling });
    const raw = databases ? await serverTarget(databases.raw.url) : await embeddedTarget();
    closers.push(() => raw.close());
    const adminToken = randomBytes(16).toString('hex');
    const started = Date.now();
    const service = await startService({ dataDir, adminToken, databaseUrl: databases?.service.url, startTimeoutMs: settings.startTimeoutMs });
    closers.push(() => service.stop());
    opened({ service });
    const resources: Resources = { kind, dataDir, serviceDatabaseUrl: databases?.service.url, adminToken, service, serviceStartMs: Date.now() - started, httpCeiling, raw };
    return { resources, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Fresh databases for the service and for the raw ceiling, so neither's commits count in the other's. */
async function serverDatabases(serverUrl: string, closers: Array<() => Promise<unknown>>): Promise<{ service: FreshDatabase; raw: FreshDatabase }> {
  const service = await freshDatabase(serverUrl, SERVICE_DATABASE);
  closers.push(() => service.drop());
  const raw = await freshDatabase(serverUrl, RAW_DATABASE);
  closers.push(() => raw.drop());
  return { service, raw };
}

/** Stops the service first (verification reads what it left), recording how it ended. */
export async function stopService(resources: Resources): Promise<StopResult> {
  return resources.service.stop();
}
