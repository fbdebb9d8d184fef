import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { reportStartFailure, startFromEnvironment } from './start.ts';

/** Node entry point: `npm start`. Only composes and listens. */
const started = await startFromEnvironment(process.env).catch((error: unknown) => {
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
