import type { Server } from 'node:http';
import { startEarly } from './early-start.ts';

/** Node entry point: `npm start`. Starts the embedded database, loads the service meanwhile, composes and listens. */
const early = startEarly(process.env);
await early.opening;
const [{ serve }, { reportStartFailure, startFromEnvironment }] = await Promise.all([import('@hono/node-server'), import('./start.ts')]);
const started = await startFromEnvironment(process.env, early).catch((error: unknown) => {
  reportStartFailure(error);
  return process.exit(1);
});
const server = serve({ fetch: started.service.app.fetch, port: started.config.PORT, hostname: started.config.HOST }, (info) =>
  started.logger.info({ port: info.port, host: started.config.HOST }, 'switchboard is listening'),
) as Server;

started.onShutdown(async () => {
  // Stop accepting, let in-flight requests finish; idle keep-alive sockets would otherwise hold close() open
  // until their time-out, and a connection becomes idle only when its response ends (an event stream just ended).
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  await closed.finally(() => clearInterval(sweep));
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void started.shutdown(signal).then((code) => process.exit(code)));
