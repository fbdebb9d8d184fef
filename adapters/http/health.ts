import { Hono } from 'hono';

/** `GET /health`: 200 once the database answers, 503 while it does not. */
export function healthRoutes(databaseAnswers: () => Promise<boolean>): Hono {
  return new Hono().get('/health', async (c) => {
    const ok = await databaseAnswers().catch(() => false);
    return ok ? c.json({ status: 'ok' }) : c.json({ status: 'unavailable' }, 503);
  });
}
