import { composeService, type Service } from './compose.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import type { EarlyStart } from './early-start.ts';
import { createLogger, type Logger } from './logger.ts';

/** A started service and its orderly shutdown. */
export interface Started {
  readonly config: Config;
  readonly logger: Logger;
  readonly service: Service;
  /** Registers a step to run first on shutdown (the server's: stop accepting, finish requests). */
  onShutdown(step: () => Promise<void>): void;
  /** Stops the server, then jobs, then the database; resolves to the process exit code. */
  shutdown(reason: string): Promise<number>;
}

/** Reads the environment and composes the service; a failure is logged (or, for configuration, explained) and thrown. */
export async function startFromEnvironment(env: Readonly<Record<string, string | undefined>>, early: Pick<EarlyStart, 'embedded'> = {}): Promise<Started> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const service = await composeService(config, logger, early).catch((error: unknown) => {
    logger.fatal({ err: error }, 'switchboard could not start');
    throw error;
  });
  const steps: Array<() => Promise<void>> = [];
  let shutting: Promise<number> | undefined;
  const shutdown = (reason: string) => (shutting ??= (async () => {
    logger.info({ reason }, 'switchboard is shutting down');
    try {
      // Open event streams would hold the server's close open: they end first (clients reconnect elsewhere).
      service.endEventStreams();
      for (const step of steps) await step();
      await service.close();
      logger.info('switchboard stopped');
      return 0;
    } catch (error) {
      logger.error({ err: error }, 'switchboard did not stop cleanly');
      return 1;
    }
  })());
  return { config, logger, service, onShutdown: (step) => void steps.push(step), shutdown };
}

/** What an entry point does when the start failed: a configuration problem is explained, the rest was logged. */
export function reportStartFailure(error: unknown): void {
  if (error instanceof ConfigError) console.error(error.message);
}
