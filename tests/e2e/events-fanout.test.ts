import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, test } from 'vitest';
import { composeService } from '../../infrastructure/compose.ts';
import { loadConfig } from '../../infrastructure/config.ts';
import { openDatabase } from '../../infrastructure/database.ts';
import { createLogger } from '../../infrastructure/logger.ts';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, useTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { openEvents, type SseStream } from './events-sse.ts';
import { clientOf, createCustomChannel, customMessage, newSecret } from './requests.ts';

interface EventData { id: string; type: string; chatId: string }

// Events reach subscribers of every instance on one database: LISTEN/NOTIFY on PostgreSQL, in-process on PGlite.
describe.each(availableTestDatabaseKinds())('event fan-out on %s', (kind) => {
  const db = useTestDatabase(kind);

  const databaseUrl = () => String(db.database.orm.config.get('clientUrl'));

  async function instance(on: TestDatabase = db): Promise<TestApp & { open(): Promise<SseStream>; post(sender: string): Promise<void> }> {
    const test = await createTestApp(on, { listen: true });
    onTestFinished(() => test.close());
    const client = clientOf(test.app);
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    const open = async () => {
      const stream = await openEvents(test.app);
      onTestFinished(() => stream.close());
      return stream;
    };
    const post = async (sender: string) => expect((await client.webhook(channel.id, customMessage({ sender }), { secret })).status).toBe(200);
    return { ...test, open, post };
  }

  /** A second instance's own connections to the same database, as another process would have. */
  async function otherProcessDb(): Promise<TestDatabase> {
    const database = await openDatabase({ databaseUrl: databaseUrl(), poolMax: 4 });
    onTestFinished(() => database.close());
    return { ...db, database, transaction: database.transaction, close: () => database.close() };
  }

  const next = (stream: SseStream) => stream.nextEvent<EventData>();

  it('hands each event once to every subscriber of the instance', async () => {
    const one = await instance();
    const [first, second] = [await one.open(), await one.open()];
    await one.post('alice');
    await one.post('bob');
    const seen = [[await next(first), await next(first)], [await next(second), await next(second)]];
    expect(seen[0]!.map((e) => e.data.type)).toEqual(['chat.created', 'message.received']);
    expect(seen[1]).toEqual(seen[0]);
    expect([(await next(first)).data.type, (await next(first)).data.type]).toEqual(['chat.created', 'message.received']);
  });

  // Two instances need a server: the embedded database serves one process.
  if (kind === 'postgres') it('brings an event raised on one instance to subscribers on another (LISTEN/NOTIFY)', async () => {
    const a = await instance();
    const b = await instance(await otherProcessDb());
    const [onA, onB] = [await a.open(), await b.open()];
    await a.post('alice');
    const fromA = [await next(onB), await next(onB)];
    expect(fromA.map((e) => e.data.type)).toEqual(['chat.created', 'message.received']);
    expect([await next(onA), await next(onA)]).toEqual(fromA);
    await b.post('bob');
    const fromB = [await next(onA), await next(onA)];
    expect(fromB.map((e) => e.data.chatId)).toEqual([fromB[0]!.data.chatId, fromB[0]!.data.chatId]);
    expect([await next(onB), await next(onB)]).toEqual(fromB);
    expect([...a.loggedErrors, ...b.loggedErrors]).toEqual([]);
  });

  if (kind === 'postgres') it('listens again after losing its connection, and catches up with what it missed', async () => {
    const a = await instance();
    const b = await instance(await otherProcessDb());
    const onB = await b.open();
    const killed = await db.database.orm.em.fork().execute<{ pid: number }[]>(
      `select pg_terminate_backend(pid) as pid from pg_stat_activity
       where datname = current_database() and query = 'listen switchboard_events' and pid <> pg_backend_pid()`);
    expect(killed).toHaveLength(2);
    await a.post('alice');
    expect([(await next(onB)).data.type, (await next(onB)).data.type]).toEqual(['chat.created', 'message.received']);
    // The lost listening connections are reported (the driver may say so twice); nothing else went wrong.
    const errors = [...a.loggedErrors, ...b.loggedErrors].map(String);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((error) => !/terminat/i.test(error))).toEqual([]);
  });

  it('composes the service with its fan-out; closing it ends open streams with a retryable error', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-events-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig({ DATA_DIR: dataDir, SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: kind === 'postgres' ? databaseUrl() : undefined });
    const service = await composeService(config, createLogger('silent'));
    onTestFinished(() => service.close());
    const client = clientOf(service.app);
    const secret = newSecret();
    const channel = await createCustomChannel(client, { secret });
    const stream = await openEvents(service.app);
    onTestFinished(() => stream.close());
    expect((await client.webhook(channel.id, customMessage(), { secret })).status).toBe(200);
    expect((await next(stream)).data.type).toBe('chat.created');
    // Both events of the webhook are awaited, so what follows the end of the streams can only be the error.
    expect((await next(stream)).data.type).toBe('message.received');
    // What the entry point does before closing its HTTP server, which waits for open responses.
    service.endEventStreams();
    expect(await stream.nextErrorCode()).toBe('SERVICE_UNAVAILABLE');
    await service.close();
  });
});
