import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createSqlDeliveryStore } from '../../adapters/persistence/outgoing/sql-delivery-store.ts';
import { APPEND_LOCK } from '../../adapters/persistence/mikro-orm-event-log.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { Message } from '../../domain/message.ts';
import { aChannel, aChat, aQueue, newContact } from './contracts/fixtures.ts';
import { useTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * The order in which a send takes the event log's lock and its chat's row, seen from a second connection.
 * An arrival updates its chats while holding the event log's lock; a send that held its chat's row while
 * waiting for that lock would deadlock with it. PostgreSQL only: PGlite has one connection.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('SQL delivery store lock order', () => {
  const db = useTestDatabase('postgres');

  it('takes the event log\'s lock before its chat\'s row, as the arrival statement does', async () => {
    const chat = await seedChat(db);
    const store = createSqlDeliveryStore(db.database.orm, { ids: uuidIds, clock: systemClock, onCommitted: () => {} });
    const arrival = new pg.Client({ connectionString: String(db.database.orm.config.get('clientUrl')) });
    await arrival.connect();
    try {
      await arrival.query('begin');
      await arrival.query('select pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const queued = store.enqueue(chat.id, null, () => ({ message: outgoing(chat), attachments: [] }));
      await waitForAdvisoryWait(arrival);
      // The arrival, holding the event log's lock, now updates the chat: the send must not hold its row.
      await expect(arrival.query('select id from chat where id = $1 for no key update nowait', [chat.id])).resolves.toMatchObject({ rowCount: 1 });
      await arrival.query('commit');
      expect(await queued).toMatchObject({ created: true });
    } finally {
      await arrival.query('rollback').catch(() => {});
      await arrival.end();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('SQL delivery store after a failed lock', () => {
  const db = useTestDatabase('postgres');

  it('gives its connection back out of the transaction when waiting for the queue lock fails', async () => {
    const chat = await seedChat(db);
    const store = createSqlDeliveryStore(db.database.orm, { ids: uuidIds, clock: systemClock, onCommitted: () => {} });
    const other = new pg.Client({ connectionString: String(db.database.orm.config.get('clientUrl')) });
    await other.connect();
    try {
      await other.query(`select pg_advisory_lock(hashtextextended('outgoing:' || $1, 0))`, [chat.id]);
      // Its failure is taken at once: it may come before the cancel's own answer does.
      const failure = store.enqueue(chat.id, null, () => ({ message: outgoing(chat), attachments: [] })).then(() => undefined, (error: unknown) => error);
      await waitForAdvisoryWait(other);
      await other.query(`select pg_cancel_backend(pid) from pg_stat_activity where datname = current_database() and wait_event = 'advisory'`);
      expect(await failure).toMatchObject({ code: '57014' });
      await other.query('select pg_advisory_unlock_all()');
      // Every pooled connection answers again (one left in the failed transaction would refuse every statement).
      for (let i = 0; i < 12; i += 1) expect(await store.pending(uuidIds.next())).toBeUndefined();
      expect(await store.enqueue(chat.id, null, () => ({ message: outgoing(chat), attachments: [] }))).toMatchObject({ created: true });
    } finally {
      await other.end();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('SQL delivery store beside a receipt', () => {
  const db = useTestDatabase('postgres');

  it('records an outcome on the message as a receipt committed meanwhile left it, never moving its status back', async () => {
    const chat = await seedChat(db);
    const store = createSqlDeliveryStore(db.database.orm, { ids: uuidIds, clock: systemClock, onCommitted: () => {} });
    const { message } = await store.enqueue(chat.id, null, () => ({ message: outgoing(chat), attachments: [] }));
    const receipt = new pg.Client({ connectionString: String(db.database.orm.config.get('clientUrl')) });
    await receipt.connect();
    try {
      await receipt.query('begin');
      await receipt.query(`update message set status = 'delivered', external_id = 'ext-1' where id = $1`, [message.id]);
      const recorded = store.record(message, { kind: 'sent', externalId: 'ext-1' });
      await waitForWait(receipt, 'Lock');
      await receipt.query('commit');
      await recorded;
      expect(await db.transaction.read(({ messages }) => messages.get(message.id))).toMatchObject({ status: 'delivered', externalId: 'ext-1' });
    } finally {
      await receipt.end();
    }
  });
});

/** A queue, an active channel and an open chat of customer 42. */
async function seedChat(db: TestDatabase) {
  const queue = aQueue();
  const channel = aChannel(queue.id);
  return db.transaction.run(async ({ queues, channels, contacts, chats }) => {
    await queues.save(queue);
    await channels.save(channel);
    const { contact } = await contacts.findOrCreateByIdentity({ provider: channel.provider, channelId: channel.id, externalId: '42' }, () => newContact('42'));
    return (await chats.findOpenOrOpen(channel.id, contact.id, () => aChat(channel, contact))).chat;
  });
}

function outgoing(chat: { id: Message['chatId']; channelId: Message['channelId'] }): Message {
  return new Message({
    id: uuidIds.next(), chatId: chat.id, channelId: chat.channelId, direction: 'outgoing', type: 'text', text: 'hello',
    externalId: null, idempotencyKey: null, senderExternalId: null, sentAt: new Date(), createdAt: new Date(),
  });
}

/** Until another backend of this database waits for an advisory lock. */
const waitForAdvisoryWait = (client: pg.Client): Promise<void> => waitForWait(client, 'Lock', 'advisory');

/** Until another backend of this database waits for a lock (of the given kind). */
async function waitForWait(client: pg.Client, type: string, event?: string): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = $1 and ($2::text is null or wait_event = $2)`, [type, event ?? null]);
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no statement waited for a ${event ?? type} lock`);
}
