import { startEarly } from './early-start.ts';

/** The few Deno APIs this entry point uses (typed here: the project is type-checked with Node's types). */
interface DenoRuntime {
  env: { toObject(): Record<string, string> };
  serve(options: { port: number; hostname: string; onListen?: (addr: { port: number }) => void }, handler: (request: Request) => Response | Promise<Response>): { shutdown(): Promise<void> };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): never;
}
const Deno = (globalThis as unknown as { Deno: DenoRuntime }).Deno;

/** Deno entry point: `deno task start`. Deno.serve is about twice as fast as the Node adapter under Deno; the embedded database starts while the service loads. */
const env = Deno.env.toObject();
const early = startEarly(env);
await early.opening;
const { reportStartFailure, startFromEnvironment } = await import('./start.ts');
const started = await startFromEnvironment(env, early).catch((error: unknown) => {
  reportStartFailure(error);
  return Deno.exit(1);
});
const server = Deno.serve({
  port: started.config.PORT,
  hostname: started.config.HOST,
  onListen: ({ port }) => started.logger.info({ port, host: started.config.HOST }, 'switchboard is listening (deno)'),
}, started.service.app.fetch);

started.onShutdown(() => server.shutdown());
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  Deno.addSignalListener(signal, () => void started.shutdown(signal).then((code) => Deno.exit(code)));
}
