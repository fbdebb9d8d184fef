import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ClaimedJob } from '../../application/ports/job-queue.ts';
import type { SettingsCodec } from '../../adapters/persistence/settings-codec.ts';
import type { Channel } from '../../domain/channel.ts';
import { ormOptions } from '../../adapters/persistence/orm-options.ts';
import { runStatement } from '../../adapters/persistence/read-rows.ts';
import { openDatabase, type Database } from '../../infrastructure/database.ts';
import { DataDirLockedError, lockDataDir } from '../../infrastructure/data-dir-lock.ts';
import { startEarly } from '../../infrastructure/early-start.ts';
import { availableTestDatabaseKinds, openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { aChannel, aQueue } from './contracts/fixtures.ts';
import { T0 } from './contracts/harness.ts';

/** Base64 JSON behind a random nonce: not JSON, so the test sees the codec was used, and no two encodings alike. */
const scrambling: SettingsCodec = {
  encode: (settings) => `${Math.random().toString(36).slice(2)}.${Buffer.from(JSON.stringify(settings)).toString('base64')}`,
  decode: (text) => JSON.parse(Buffer.from(text.split('.')[1]!, 'base64').toString()) as Channel['settings'],
};

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-db-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const rawSettings = async (db: Database, channel: Channel): Promise<string> =>
  String((await db.orm.em.fork().execute('select settings from channel where id = ?', [channel.id]))[0]?.settings);

describe('embedded database in a data folder', () => {
  it('keeps committed rows, settings and jobs across close and reopen', async () => {
    const dataDir = join(await tempDir(), 'pgdata');
    const queue = aQueue();
    const channel = aChannel(queue.id);
    const first = await openDatabase({ dataDir, settingsCodec: scrambling });
    await first.transaction.run(async ({ queues, channels, jobs }) => {
      await queues.save(queue);
      await channels.save(channel);
      await jobs.enqueue({ kind: 'contact.enrich', payload: { contactId: 'c-1' }, runAt: T0 });
    });
    expect(await rawSettings(first, channel)).not.toContain('botToken');
    await first.close();
    const again = await openDatabase({ dataDir, settingsCodec: scrambling });
    onTestFinished(() => again.close());
    expect(await again.transaction.run(({ channels }) => channels.get(channel.id))).toEqual(channel);
    const claimed = await again.transaction.run(({ jobs }) => jobs.claim(5, T0, 1000));
    expect(claimed).toMatchObject([{ kind: 'contact.enrich', payload: { contactId: 'c-1' }, attempts: 1 }]);
    await expectSettingsUntouchedByRename(again, channel);
  }, 90_000);

  it('refuses a second opening of a folder in use, naming the folder, and frees it on close', async () => {
    const dataDir = join(await tempDir(), 'pgdata');
    const db = await openDatabase({ dataDir });
    const second = openDatabase({ dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(dataDir);
    await db.ping();
    await db.close();
    await db.close();
    await (await lockDataDir(dataDir)).release();
  }, 60_000);

  it('opens the embedded database an entry point started early, which holds its folder from the start', async () => {
    const dataDir = await tempDir();
    const early = startEarly({ DATA_DIR: dataDir });
    await early.opening;
    await expect(openDatabase({ dataDir: join(dataDir, 'pgdata') })).rejects.toBeInstanceOf(DataDirLockedError);
    const db = await openDatabase({ dataDir: join(dataDir, 'pgdata'), started: early.embedded });
    await db.transaction.run(({ queues }) => queues.save(aQueue()));
    await db.close();
    await (await lockDataDir(join(dataDir, 'pgdata'))).release();
  }, 60_000);

  it('starts nothing early for a server, nor for a configuration the start will refuse', async () => {
    for (const env of [{ DATABASE_URL: 'postgresql://127.0.0.1:1/nowhere' }, { PORT: 'not a port' }]) {
      const early = startEarly(env);
      await early.opening;
      expect(early.embedded).toBeUndefined();
    }
  });

  it('needs a database URL or a data folder', async () => {
    await expect(openDatabase({})).rejects.toThrow(/databaseUrl or a dataDir/);
  });

  it('fails at once on a server that does not answer, naming it but not the password', async () => {
    const opening = openDatabase({ databaseUrl: 'postgresql://postgres:hunter2@127.0.0.1:1/nowhere' });
    await expect(opening).rejects.toThrow('The database 127.0.0.1:1/nowhere does not answer');
    await expect(opening).rejects.not.toThrow('hunter2');
  });
});

/** An encrypting codec never encodes twice alike: an unchanged settings column must still not be rewritten. */
async function expectSettingsUntouchedByRename(db: Database, channel: Channel): Promise<void> {
  const before = await rawSettings(db, channel);
  await db.transaction.run(async ({ channels }) => {
    const stored = await channels.get(channel.id);
    stored.name = 'Renamed';
    await channels.save(stored);
  });
  expect(await rawSettings(db, channel)).toBe(before);
  expect(await db.transaction.run(({ channels }) => channels.get(channel.id))).toMatchObject({ name: 'Renamed', settings: channel.settings });
}

describe('data folder lock', () => {
  it('makes another process fail at once with a message naming the folder', async () => {
    const dir = join(await tempDir(), 'data');
    const lock = await lockDataDir(dir);
    onTestFinished(() => lock.release());
    const script = `import { lockDataDir } from './infrastructure/data-dir-lock.ts';\n` +
      `await lockDataDir(${JSON.stringify(dir)}).then(() => console.log('locked'), (e) => console.log(e.message));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(stdout).toContain(`The data folder ${dir} is in use by another Switchboard process`);
  });

  it('is free again once released', async () => {
    const dir = join(await tempDir(), 'data');
    await (await lockDataDir(dir)).release();
    const again = await lockDataDir(dir);
    await again.release();
    expect(again.dir).toBe(dir);
  });
});

// Only a server runs transactions side by side; PGlite's one connection (and memory's mutex) runs them in turn.
if (availableTestDatabaseKinds().includes('postgres')) {
  describe('job claims on a PostgreSQL server', () => {
    let db: TestDatabase | undefined;
    beforeAll(async () => void (db = await openTestDatabase({ kind: 'postgres' })));
    afterAll(async () => db?.close());

    it('skips the jobs another open transaction holds instead of waiting for them', async () => {
      const { transaction } = db!;
      await transaction.run(async ({ jobs }) => {
        for (let i = 0; i < 4; i += 1) await jobs.enqueue({ kind: 'bulk', payload: { i }, runAt: T0 });
      });
      let claimedFirst!: () => void;
      let finishFirst!: () => void;
      const firstHasClaimed = new Promise<void>((resolve) => (claimedFirst = resolve));
      const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
      const first = transaction.run(async ({ jobs }) => {
        const claimed = await jobs.claim(2, T0, 60_000);
        claimedFirst();
        await firstMayFinish;
        return claimed;
      });
      await firstHasClaimed;
      const second: ClaimedJob[] = await transaction.run(({ jobs }) => jobs.claim(10, T0, 60_000));
      finishFirst();
      const ids = [...(await first), ...second].map((job) => job.id);
      expect(second).toHaveLength(2);
      expect(new Set(ids).size).toBe(4);
    });
  });
}

describe.each(availableTestDatabaseKinds())('connections of the service (%s)', (kind) => {
  it('plan each prepared statement once, on every connection the pool opens', async () => {
    const db = await openTestDatabase({ kind });
    onTestFinished(() => db.close());
    const { orm } = db.database;
    // Held open together, so the pool opens as many connections as it may (the embedded database: its one).
    const modes = await Promise.all(Array.from({ length: 4 }, () =>
      orm.em.fork().transactional(async (em) => (await em.execute<{ plan_cache_mode: string }[]>('show plan_cache_mode'))[0]?.plan_cache_mode)));
    expect(modes).toEqual(Array.from({ length: 4 }, () => 'force_generic_plan'));
    const pooled = await runStatement(orm.em.fork(), 'show plan_cache_mode', []);
    expect(pooled).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
  }, 60_000);
});

describe('session settings of a new connection', () => {
  it('closes a connection that refuses them and hands the pool the error, so none is kept unset or left open', async () => {
    const { afterCreate } = ormOptions({ clientUrl: 'postgresql://127.0.0.1:1/nowhere', pool: { min: 1, max: 1 } }).pool as unknown as {
      afterCreate: (client: unknown, done: (error: Error | null) => void) => void;
    };
    const refusal = new Error('permission denied to set parameter');
    const ran: string[] = [];
    const client = {
      query: (sql: string, callback: (error: Error | null) => void) => { ran.push(sql); callback(refusal); },
      end: async () => void ran.push('end'),
    };
    const error = await new Promise<Error | null>((resolve) => afterCreate(client, resolve));
    expect(error).toBe(refusal);
    expect(ran).toEqual(["set plan_cache_mode = 'force_generic_plan'", 'end']);
  });
});
