import { composeService, type Service } from './compose.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
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

/** Reads the environment, composes the service, and explains a bad configuration instead of a stack trace. */
export async function startFromEnvironment(env: Readonly<Record<string, string | undefined>>): Promise<Started> {
  const config = readConfigOrExit(env);
  const logger = createLogger(config.LOG_LEVEL);
  const service = await composeService(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'switchboard could not start');
    process.exit(1);
  });
  const steps: Array<() => Promise<void>> = [];
  let shutting: Promise<number> | undefined;
  const shutdown = (reason: string) => (shutting ??= (async () => {
    logger.info({ reason }, 'switchboard is shutting down');
    try {
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

function readConfigOrExit(env: Readonly<Record<string, string | undefined>>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
