import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The HTTP ceiling: the same server stack as the service (Hono on @hono/node-server, one Node
 * process), with a POST route that only answers. Run as a child by http-ceiling.ts; PORT from env.
 */
const app = new Hono()
  .get('/health', (c) => c.json({ status: 'ok' }))
  .post('/webhooks/:provider/:channelId', (c) => c.json({ ok: true }));

serve({ fetch: app.fetch, port: Number(process.env['PORT']), hostname: '127.0.0.1' });
process.on('SIGTERM', () => process.exit(0));
