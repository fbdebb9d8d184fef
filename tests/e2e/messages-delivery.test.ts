import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runDueJobs } from '../../application/jobs/run-due-jobs.ts';
import { JOB_HANDLERS, jobPolicy } from '../../infrastructure/service.ts';
import { openDatabase, type Database } from '../../infrastructure/database.ts';
import { startFakeCustomEndpoint } from '../support/fake-custom-endpoint.ts';
import { createTestApp } from '../support/test-app.ts';
import { availableTestDatabaseKinds, openTestDatabase, useTestDatabase, type Table, type TestDatabase, type TestDatabaseKind } from '../support/test-db.ts';
import { outgoingOf, textsReceived, withOutgoingChat } from './outgoing-chat.ts';
import { clientOf, newSecret } from './requests.ts';

/** A database that outlives the service using it: closed and opened again, as on a restart. */
async function restartableDatabase(kind: TestDatabaseKind) {
  const testDb = kind === 'postgres' ? await openTestDatabase({ kind }) : undefined;
  const dir = kind === 'pglite' ? await mkdtemp(join(tmpdir(), 'switchboard-restart-')) : undefined;
  const url = testDb && String(testDb.database.orm.config.get('clientUrl'));
  const asTestDb = (database: Database): TestDatabase => ({
    kind, database, transaction: database.transaction, close: () => database.close(),
    clear: () => Promise.reject(new Error('not for a restart test')),
    count: async (table: Table) => Number((await database.orm.em.fork().execute(`select count(*) as n from ${table}`))[0]?.n),
  });
  return {
    open: async () => asTestDb(url ? await openDatabase({ databaseUrl: url }) : await openDatabase({ dataDir: join(dir!, 'pgdata') })),
    dispose: async () => { await testDb?.close(); if (dir) await rm(dir, { recursive: true, force: true }); },
  };
}

// The delivery job through a custom channel to a real local receiver: order, the messenger's answers, restarts.
describe.each(availableTestDatabaseKinds())('message delivery on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('delivers concurrent sends to one chat in the order they were queued', async () => {
    const { send, endpoint, runDueJobs: run, outgoing } = await withOutgoingChat(db);
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const answer of await Promise.all(texts.map((text) => send({ text })))) expect(answer.status, answer.text).toBe(200);
    await run();
    const queued = await outgoing();
    expect(queued.map((m) => m.status)).toEqual(Array(5).fill('sent'));
    expect(textsReceived(endpoint)).toEqual(queued.map((m) => m.text));
    expect(endpoint.received.map((r) => (r.json as { id: string }).id)).toEqual(queued.map((m) => m.id).sort());
  });

  it('does not let a later message overtake one the receiver rate-limited, and honours its Retry-After', async () => {
    const { sent, endpoint, runDueJobs: run, outgoing, deps } = await withOutgoingChat(db);
    endpoint.answerNext({ status: 429, body: '{"error":"slow down"}', headers: { 'retry-after': '120' } });
    const [first, second] = [await sent({ text: 'first' }), await sent({ text: 'second' })];
    const before = deps.clock.now().getTime();
    await run();
    expect(textsReceived(endpoint)).toEqual(['first']);
    expect((await outgoing()).map((m) => m.status)).toEqual(['queued', 'queued']);
    const [job] = await db.database.orm.em.fork().execute<{ run_at: Date; last_error: string }[]>('select run_at, last_error from job');
    expect(new Date(job!.run_at).getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(job!.last_error).toMatch(/^HTTP 429/);
    // A second back: the database's now() has microseconds, the clock the claim compares with only milliseconds.
    await db.database.orm.em.fork().execute(`update job set run_at = now() - interval '1 second'`);
    await run();
    expect(textsReceived(endpoint)).toEqual(['first', 'first', 'second']);
    expect(await outgoing()).toMatchObject([{ id: first.id, status: 'sent' }, { id: second.id, status: 'sent' }]);
  });

  it('records a refusal as failed with the receiver\'s reason, and goes on with the next message', async () => {
    const { sent, endpoint, runDueJobs: run, outgoing, events } = await withOutgoingChat(db);
    endpoint.answerNext({ status: 400, body: '{"error":"unknown recipient"}' });
    await sent({ text: 'refused' });
    await sent({ text: 'next' });
    await run();
    expect(await outgoing()).toMatchObject([
      { text: 'refused', status: 'failed', error: 'HTTP 400 Bad Request: {"error":"unknown recipient"}', externalId: null },
      { text: 'next', status: 'sent', error: null },
    ]);
    expect(events.filter((e) => e.type === 'message.status_changed').map((e) => 'status' in e && e.status)).toEqual(['queued', 'queued', 'failed', 'sent']);
  });

  it('delivers queued messages exactly once, in order, after the service and its database restart', async () => {
    const restartable = await restartableDatabase(kind);
    onTestFinished(() => restartable.dispose());
    const secret = newSecret();
    const endpoint = await startFakeCustomEndpoint(secret);
    onTestFinished(() => endpoint.close());
    const before = await restartable.open();
    const first = await withOutgoingChat(before, { secret, endpoint });
    endpoint.answerNext({ status: 503, headers: { 'retry-after': '0' } });
    await first.sent({ text: 'while the receiver is down' });
    await first.sent({ text: 'right behind it' });
    await runDueJobs(first.deps, JOB_HANDLERS, jobPolicy(4));
    await first.close();
    await before.close();
    const after = await restartable.open();
    onTestFinished(() => after.close());
    const second = await createTestApp(after);
    onTestFinished(() => second.close());
    expect(await outgoingOf(clientOf(second.app), first.chatId)).toMatchObject([{ status: 'queued' }, { status: 'queued' }]);
    await second.runDueJobs();
    expect(textsReceived(endpoint)).toEqual(['while the receiver is down', 'while the receiver is down', 'right behind it']);
    expect((await outgoingOf(clientOf(second.app), first.chatId)).map((m) => [m.status, m.externalId])).toEqual([['sent', 'remote-2'], ['sent', 'remote-3']]);
    expect(await after.count('job')).toBe(0);
    expect(await second.runDueJobs()).toBe(0);
    expect(endpoint.received).toHaveLength(3);
  });
});
