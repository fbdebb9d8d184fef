import { describe, expect, it } from 'vitest';
import { draftArrival } from '../../application/inbound/draft-arrival.ts';
import type { ProviderRegistry } from '../../application/ports/provider.ts';
import { createSqlArrivalStore } from '../../adapters/persistence/arrivals/sql-arrival-store.ts';
import { APPEND_LOCK } from '../../adapters/persistence/mikro-orm-event-log.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import type { Channel } from '../../domain/channel.ts';
import { aChannel, anInbound, aQueue } from './contracts/fixtures.ts';
import { waitForWait, withSecondConnection } from '../support/second-connection.ts';
import { useTestDatabase, type TestDatabase } from '../support/test-db.ts';

const NO_PROVIDERS: ProviderRegistry = { find: () => undefined };

/**
 * The SQL arrival store beside a connection holding the event log's lock (a send, or another arrival).
 * PostgreSQL only: PGlite has one connection.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('SQL arrival store beside another connection', () => {
  const db = useTestDatabase('postgres');

  // A send holds the event log's lock and then updates its chat, as the other write does: a write that held
  // the chat's row while waiting for that lock would deadlock with them (PostgreSQL breaks it after 1 s).
  it.each([
    ['a known contact\'s message to its open chat', ['42']],
    ['the same beside a new sender\'s first message', ['42', '7']],
  ])('takes the event log\'s lock before its chat\'s row, storing %s', async (_, senders) => {
    const channel = await seedChannel(db);
    const store = createSqlArrivalStore(db.database.orm, { ids: uuidIds, onCommitted: () => {} });
    const draft = (key: string, sender: string) => draftArrival({ clock: systemClock, ids: uuidIds, providers: NO_PROVIDERS }, channel, anInbound(key, sender));
    const [first] = await store.store([draft('m-1', '42')]);
    await withSecondConnection(db, async (send) => {
      await send.query('begin');
      await send.query('select pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const stored = store.store(senders.map((sender, i) => draft(`m-${i + 2}`, sender)));
      await waitForWait(send, 'Lock', 'advisory');
      await expect(send.query('select id from chat where id = $1 for no key update nowait', [first!.chatId])).resolves.toMatchObject({ rowCount: 1 });
      await send.query('commit');
      expect((await stored).map((outcome) => outcome.duplicate)).toEqual(senders.map(() => false));
    });
    expect(await db.count('message')).toBe(1 + senders.length);
  });
});

async function seedChannel(db: TestDatabase): Promise<Channel> {
  const queue = aQueue();
  const channel = aChannel(queue.id);
  await db.transaction.run(async ({ queues, channels }) => {
    await queues.save(queue);
    await channels.save(channel);
  });
  return channel;
}
