import type { OrmConnection } from '../adapters/persistence/orm-options.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { embeddedStartParams, initdbInChildProcess, needsInitdb } from './embedded-initdb.ts';
import { createFromTemplate } from './embedded-template.ts';
import { PgliteWire } from './pglite-wire.ts';

/** An open embedded database: how MikroORM reaches it, and how to close it (and release its folder). */
export interface EmbeddedEndpoint extends OrmConnection {
  readonly kind: 'pglite';
  stop(): Promise<void>;
}

/**
 * A new folder is a copy of a template that carries the schema (embedded-template.ts; the migrations check at
 * open then finds none pending), made by `npm install` or else by the first new folder. Without one, initdb
 * runs in a child process, whose memory is freed when it ends; where that cannot run either (under Deno
 * `process.execPath` is deno, which has no `-e`), PGlite runs initdb in-process as before.
 */
async function createIfNew(dataDir: string, startParams: readonly string[]): Promise<void> {
  if (!needsInitdb(dataDir)) return;
  if (await createFromTemplate(dataDir, startParams)) return;
  await initdbInChildProcess(dataDir, startParams).catch((error: unknown) => {
    if (!needsInitdb(dataDir)) throw error;
  });
}

/**
 * PGlite in this process, spoken to over the PostgreSQL wire protocol without a socket (pglite-wire.ts), so
 * MikroORM uses its ordinary pg driver. One connection only: PGlite has one session, so requests queue in the pool.
 * Nothing here loads MikroORM: `npm start` calls this first, and PGlite's asynchronous start (reading its files,
 * compiling its WebAssembly off the main thread) then overlaps the loading of the rest of the service.
 */
export async function startEmbedded(dataDir: string | null, onOpening: () => void = () => {}): Promise<EmbeddedEndpoint> {
  const lock = dataDir === null ? undefined : await lockDataDir(dataDir);
  const stops: Array<() => Promise<unknown>> = [async () => lock?.release()];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    // Loaded here, not at the top: a service on a PostgreSQL server never needs PGlite (~3 MB of heap, ~70 ms).
    const { PGlite } = await import('@electric-sql/pglite');
    const startParams = embeddedStartParams(PGlite.defaultStartParams);
    if (lock) await createIfNew(lock.dir, startParams);
    const opening = lock ? PGlite.create({ dataDir: lock.dir, startParams }) : PGlite.create({ startParams });
    onOpening();
    const db = await opening;
    stops.push(() => db.close());
    // Host and port are never dialled: the stream is the connection.
    const clientUrl = 'postgresql://postgres:postgres@pglite.invalid:5432/postgres';
    return { kind: 'pglite', clientUrl, pool: { min: 1, max: 1 }, stream: () => new PgliteWire(db), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
