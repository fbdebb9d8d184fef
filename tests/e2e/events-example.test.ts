import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestApp } from '../support/test-app.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { openEvents } from './events-sse.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, newSecret } from './requests.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface MessageView { id: string; direction: string; text: string; status: string | null }

// `npm run example:agent` as a user runs it: a child process talking to the service on a local port.
describe('example agent', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await openTestDatabase({ kind: 'pglite' }); });
  afterAll(async () => { await db?.close(); });

  it('lists its chats, follows events and answers an incoming message once', async () => {
    const test = await createTestApp(db);
    onTestFinished(() => test.close());
    const url = await listen(test.app.fetch);
    const http = clientOf(test.app);
    const secret = newSecret();
    const channel = await createCustomChannel(http, { secret });
    const created = dataOf<{ agent: { id: string }; token: string }>(
      await http.mutation('agents.create', { name: 'Example', role: 'agent', queueIds: [channel.queueId] }));
    const agent = startExample(url, created.token);
    await agent.printed('following events');
    const events = await openEvents(test.app, { input: { lastEventId: '0' } });
    onTestFinished(() => events.close());
    const webhook = customMessage({ message: 'where is my order?' });
    expect((await http.webhook(channel.id, webhook, { secret })).status).toBe(200);
    // The reply is queued when its status event comes.
    for (let event = await events.nextEvent(); event.data.type !== 'message.status_changed'; event = await events.nextEvent());
    expect((await http.webhook(channel.id, webhook, { secret })).status).toBe(200);
    const chats = dataOf<{ items: { id: string; status: string; agentId: string | null }[] }>(await http.query('chats.list', {}));
    expect(chats.items).toMatchObject([{ status: 'active', agentId: created.agent.id }]);
    const history = dataOf<{ items: MessageView[] }>(await http.query('chats.history', { chatId: chats.items[0]!.id }));
    expect(history.items.map((message) => [message.direction, message.text])).toEqual([
      ['outgoing', 'Thanks for your message: "where is my order?". An agent is on it.'], ['incoming', 'where is my order?']]);
    expect(agent.output()).toContain('0 chat(s)');
  });
});

/** Runs examples/agent.ts with an agent's token against `url`; it is stopped after the test. */
function startExample(url: string, token: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/agent.ts'], {
    cwd: ROOT, env: { ...process.env, SWITCHBOARD_URL: url, SWITCHBOARD_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => { child.kill('SIGTERM'); });
  let output = '';
  const waiting = new Set<() => void>();
  const append = (chunk: Buffer) => { output += chunk.toString(); for (const check of waiting) check(); };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const printed = (text: string) => new Promise<void>((resolve, reject) => {
    const check = () => { if (output.includes(text)) { waiting.delete(check); resolve(); } };
    child.once('exit', (code) => reject(new Error(`the example exited (${code}) before printing "${text}":\n${output}`)));
    waiting.add(check);
    check();
  });
  return { printed, output: () => output };
}

async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<string> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0, overrideGlobalObjects: false }, (info: AddressInfo) => {
      onTestFinished(() => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }));
      resolve(`http://127.0.0.1:${info.port}`);
    }) as Server;
  });
}
