import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The start-up ceiling: `node --import tsx` of a file that only serves a Hono /health (same loader, no service). */
const app = new Hono().get('/health', (c) => c.json({ status: 'ok' }));
serve({ fetch: app.fetch, port: Number(process.env['PORT']), hostname: '127.0.0.1' });
