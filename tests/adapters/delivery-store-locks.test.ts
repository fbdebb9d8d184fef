import { describe, expect, it } from 'vitest';
import { createSqlDeliveryStore } from '../../adapters/persistence/outgoing/sql-delivery-store.ts';
import { APPEND_LOCK } from '../../adapters/persistence/mikro-orm-event-log.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import type { Chat } from '../../domain/chat.ts';
import { Message } from '../../domain/message.ts';
import { aChannel, aChat, aQueue, newContact } from './contracts/fixtures.ts';
import { waitForWait, withSecondConnection } from '../support/second-connection.ts';
import { useTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * The SQL delivery store beside what another connection holds: the event log's lock (an arrival), the chat's
 * queue lock, a message's row (a receipt), a conflicting key. PostgreSQL only: PGlite has one connection.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('SQL delivery store beside another connection', () => {
  const db = useTestDatabase('postgres');
  const store = () => createSqlDeliveryStore(db.database.orm, { ids: uuidIds, clock: systemClock, onCommitted: () => {} });

  // An arrival updates its chats while holding the event log's lock; a send that held its chat's row while
  // waiting for that lock would deadlock with it.
  it('takes the event log\'s lock before its chat\'s row, as the arrival statement does', async () => {
    const [chat] = await seedChats(db, ['42']);
    await withSecondConnection(db, async (arrival) => {
      await arrival.query('begin');
      await arrival.query('select pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const queued = store().enqueue(chat.id, null, () => ({ message: outgoing(chat), attachments: [] }));
      await waitForWait(arrival, 'Lock', 'advisory');
      // The arrival, holding the event log's lock, now updates the chat: the send must not hold its row.
      await expect(arrival.query('select id from chat where id = $1 for no key update nowait', [chat.id])).resolves.toMatchObject({ rowCount: 1 });
      await arrival.query('commit');
      expect(await queued).toMatchObject({ created: true });
    });
  });

  it('gives its connection back out of the transaction when waiting for the queue lock fails', async () => {
    const [chat] = await seedChats(db, ['42']);
    const sends = store();
    await withSecondConnection(db, async (other) => {
      await other.query(`select pg_advisory_lock(hashtextextended('outgoing:' || $1, 0))`, [chat.id]);
      // Its failure is taken at once: it may come before the cancel's own answer does.
      const failure = sends.enqueue(chat.id, null, () => ({ message: outgoing(chat), attachments: [] })).then(() => undefined, (error: unknown) => error);
      await waitForWait(other, 'Lock', 'advisory');
      await other.query(`select pg_cancel_backend(pid) from pg_stat_activity where datname = current_database() and wait_event = 'advisory'`);
      expect(await failure).toMatchObject({ code: '57014' });
      await other.query('select pg_advisory_unlock_all()');
    });
    // Every pooled connection answers again (one left in the failed transaction would refuse every statement).
    for (let i = 0; i < 12; i += 1) expect(await sends.pending(uuidIds.next())).toBeUndefined();
    expect(await sends.enqueue(chat.id, null, () => ({ message: outgoing(chat), attachments: [] }))).toMatchObject({ created: true });
  });

  it('records an outcome on the message as a receipt committed meanwhile left it, never moving its status back', async () => {
    const [chat] = await seedChats(db, ['42']);
    const deliveries = store();
    const { message } = await deliveries.enqueue(chat.id, null, () => ({ message: outgoing(chat), attachments: [] }));
    await withSecondConnection(db, async (receipt) => {
      await receipt.query('begin');
      await receipt.query(`update message set status = 'delivered', external_id = 'ext-1' where id = $1`, [message.id]);
      const recorded = deliveries.record(message, { kind: 'sent', externalId: 'ext-1' });
      await waitForWait(receipt, 'Lock');
      await receipt.query('commit');
      await recorded;
    });
    expect(await db.transaction.read(({ messages }) => messages.get(message.id))).toMatchObject({ status: 'delivered', externalId: 'ext-1' });
  });

  it('returns the message a send to another chat of the channel stored first under the same key, storing nothing', async () => {
    const [chat, otherChat] = await seedChats(db, ['42', '7']);
    await withSecondConnection(db, async (other) => {
      await other.query('begin');
      await other.query(
        `insert into message (id, chat_id, channel_id, direction, type, text, idempotency_key, sent_at, created_at, status)
         values ($1, $2, $3, 'outgoing', 'text', 'first', 'client:k', now(), now(), 'queued')`, [uuidIds.next(), otherChat.id, otherChat.channelId]);
      const queued = store().enqueue(chat.id, 'client:k', () => ({ message: outgoing(chat), attachments: [] }));
      // Its insert waits for the other's, which then commits: the key is taken.
      await waitForWait(other, 'Lock');
      await other.query('commit');
      expect(await queued).toMatchObject({ created: false, message: { chatId: otherChat.id, text: 'first' }, attachments: [] });
    });
    expect(await db.count('message')).toBe(1);
  });
});

/** A queue, an active channel and an open chat of each customer on it. */
async function seedChats<const Customers extends readonly string[]>(db: TestDatabase, customers: Customers): Promise<{ [K in keyof Customers]: Chat }> {
  const queue = aQueue();
  const channel = aChannel(queue.id);
  return db.transaction.run(async ({ queues, channels, contacts, chats }) => {
    await queues.save(queue);
    await channels.save(channel);
    const opened: Chat[] = [];
    for (const externalId of customers) {
      const { contact } = await contacts.findOrCreateByIdentity({ provider: channel.provider, channelId: channel.id, externalId }, () => newContact(externalId));
      opened.push((await chats.findOpenOrOpen(channel.id, contact.id, () => aChat(channel, contact))).chat);
    }
    return opened as { [K in keyof Customers]: Chat };
  });
}

function outgoing(chat: Chat): Message {
  return new Message({
    id: uuidIds.next(), chatId: chat.id, channelId: chat.channelId, direction: 'outgoing', type: 'text', text: 'hello',
    externalId: null, idempotencyKey: null, senderExternalId: null, sentAt: new Date(), createdAt: new Date(),
  });
}
