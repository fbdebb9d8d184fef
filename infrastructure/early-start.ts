import { embeddedDataDir, loadConfig, type Config } from './config.ts';
import { startEmbedded, type EmbeddedEndpoint } from './embedded-endpoint.ts';

/** What an entry point starts before it loads the service. */
export interface EarlyStart {
  /** The embedded database, starting (none on a PostgreSQL server). */
  readonly embedded?: Promise<EmbeddedEndpoint> | undefined;
  /** Resolves once PGlite is opening (its folder locked, created if new): its own waits then overlap what the caller does next. */
  readonly opening: Promise<void>;
}

/**
 * Starts the embedded database before the service's modules load: most of PGlite's start is waiting (its files
 * read, its WebAssembly compiled off the main thread), and loading MikroORM, tRPC and the rest takes the main
 * thread about as long, so the two overlap instead of following each other (bench/footprint, warm start). Does
 * nothing on a configuration that cannot start: startFromEnvironment reports it.
 */
export function startEarly(env: Readonly<Record<string, string | undefined>>): EarlyStart {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch {
    return { opening: Promise.resolve() };
  }
  if (config.DATABASE_URL) return { opening: Promise.resolve() };
  let opened = () => {};
  const opening = new Promise<void>((resolve) => { opened = resolve; });
  const embedded = startEmbedded(embeddedDataDir(config), opened);
  // Awaited by openDatabase, which reports a failure with the rest of the start; never an unhandled rejection meanwhile.
  embedded.then(opened, opened);
  return { embedded, opening };
}
