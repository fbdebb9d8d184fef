import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import { createContext, viewerForToken, type ApiServices } from '../trpc/context.ts';
import { appRouter } from '../trpc/router.ts';
import { handleError } from './errors.ts';
import { eventsSse } from './events-sse.ts';
import { fileRoutes } from './files.ts';
import { healthRoutes } from './health.ts';
import type { WebhookProvider } from '../providers/provider-module.ts';
import { webhookRoutes } from './webhooks.ts';
import type { ChannelCache } from './channel-cache.ts';

/** Everything the HTTP edge needs. */
export interface HttpAppOptions {
  readonly api: ApiServices;
  readonly webhookProviders: (name: string) => WebhookProvider | undefined;
  readonly databaseAnswers: () => Promise<boolean>;
  readonly bodyLimitBytes: number;
  readonly fileLimitBytes: number;
  readonly logError: (error: unknown) => void;
  /** Signs file links that work without a token (see file-links.ts). */
  readonly fileLinkSecret?: string | undefined;
  readonly clock?: { now(): Date } | undefined;
  /** Channels for the webhook routes (default: read per request). */
  readonly channelCache?: ChannelCache | undefined;
}

/** The whole HTTP surface: health, webhooks, files, and the tRPC agent API at /trpc. */
export function createHttpApp(options: HttpAppOptions): Hono {
  const { api } = options;
  const app = new Hono();
  app.onError((error, c) => handleError(error, c, options.logError));
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.route('/', healthRoutes(options.databaseAnswers));
  app.route('/', webhookRoutes({ deps: api.deps, providers: options.webhookProviders, bodyLimitBytes: options.bodyLimitBytes, channels: options.channelCache }));
  app.route('/', fileRoutes({ files: api.deps.files, authenticate: (token) => viewerForToken(api, token), maxBytes: options.fileLimitBytes,
    linkSecret: options.fileLinkSecret, now: options.clock ? () => options.clock!.now() : undefined }));
  app.get('/trpc/events', eventsSse({ api, logError: options.logError }));
  app.all('/trpc/*', (c) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: () => createContext(api, c.req.raw),
      onError: ({ error }) => { if (error.code === 'INTERNAL_SERVER_ERROR') options.logError(error); },
    }));
  return app;
}
