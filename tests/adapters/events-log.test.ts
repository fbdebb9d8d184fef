import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardEvent } from '../../application/ports/events.ts';
import type { Transaction } from '../../application/ports/transaction.ts';
import type { Chat } from '../../domain/chat.ts';
import type { AgentId, ChatId, MessageId, QueueId } from '../../domain/ids.ts';
import type { EventLog, StoredEvent } from '../../adapters/events/event-log.ts';
import { createInMemoryEventLog } from '../../adapters/events/in-memory-event-log.ts';
import { createInMemoryTransaction } from '../../adapters/memory/in-memory-transaction.ts';
import { createMikroOrmEventLog } from '../../adapters/persistence/mikro-orm-event-log.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { availableTestDatabaseKinds, openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { aChannel, aChat, anAgent, aQueue, newContact } from './contracts/fixtures.ts';
import { at, T0 } from './contracts/harness.ts';

interface LogDb { readonly log: EventLog; readonly transaction: Transaction }

/** The memory log, and the `event` table on each test database, emptied before each test. */
function targets(): [string, () => Promise<LogDb>][] {
  const memory = async (): Promise<LogDb> => {
    const transaction = createInMemoryTransaction(uuidIds, { now: () => T0 });
    return { transaction, log: createInMemoryEventLog(transaction) };
  };
  return [['memory', memory], ...availableTestDatabaseKinds().map((kind) => [kind, shared(kind)] as [string, () => Promise<LogDb>])];
}

function shared(kind: TestDatabase['kind']): () => Promise<LogDb> {
  let db: TestDatabase | undefined;
  beforeAll(async () => { db = await openTestDatabase({ kind }); });
  afterAll(async () => db?.close());
  return async () => {
    await db!.clear();
    return { transaction: db!.transaction, log: createMikroOrmEventLog(db!.database.orm) };
  };
}

/** A stored chat waiting in a new queue. */
async function seedChat(db: LogDb): Promise<Chat> {
  const queue = aQueue();
  const channel = aChannel(queue.id, { source: `bot-${uuidIds.next()}` });
  const { contact, identityId } = newContact('42');
  const chat = aChat(channel, contact);
  await db.transaction.run(async ({ queues, channels, contacts, chats }) => {
    await queues.save(queue);
    await channels.save(channel);
    await contacts.findOrCreateByIdentity({ provider: channel.provider, channelId: channel.id, externalId: '42' }, () => ({ contact, identityId }));
    await chats.findOpenOrOpen(channel.id, contact.id, () => chat);
  });
  return chat;
}

async function assign(db: LogDb, chat: Chat): Promise<AgentId> {
  const agent = anAgent();
  await db.transaction.run(async ({ agents, chats }) => {
    await agents.save(agent);
    const stored = await chats.get(chat.id);
    stored.accept(agent.id);
    await chats.save(stored);
  });
  return agent.id;
}

const received = (chatId: ChatId): SwitchboardEvent => ({ type: 'message.received', chatId, messageId: uuidIds.next<MessageId>() });
const ids = (entries: readonly StoredEvent[]) => entries.map((entry) => entry.id);

describe.each(targets())('event log on %s', (_name, open) => {
  it('keeps who may see an entry: the chat\'s queue and agent of the moment, or the agent the event names', async () => {
    const db = await open();
    const chat = await seedChat(db);
    const waiting = await db.log.append(received(chat.id), at(1));
    expect(waiting).toMatchObject({ type: 'message.received', chatId: chat.id, queueId: chat.queueId, agentId: null, at: at(1) });
    const agentId = await assign(db, chat);
    expect(await db.log.append(received(chat.id), at(2))).toMatchObject({ queueId: chat.queueId, agentId });
    const other = uuidIds.next<AgentId>();
    expect(await db.log.append({ type: 'chat.assigned', chatId: chat.id, agentId: other }, at(3))).toMatchObject({ agentId: other, payload: { agentId: other } });
    const queueId = uuidIds.next<QueueId>();
    const unknownChat = uuidIds.next<ChatId>();
    const created = await db.log.append({ type: 'chat.created', chatId: unknownChat, channelId: uuidIds.next(), queueId, contactId: uuidIds.next() }, at(4));
    expect(created).toMatchObject({ chatId: unknownChat, queueId, agentId: null });
  });

  it('gives the event back as it was published, under an id that grows with each entry', async () => {
    const db = await open();
    expect(await db.log.lastId()).toBe('0');
    const chat = await seedChat(db);
    const event: SwitchboardEvent = { type: 'message.status_changed', chatId: chat.id, messageId: uuidIds.next(), status: 'delivered' };
    const first = await db.log.append(event, at(1));
    const second = await db.log.append(received(chat.id), at(2));
    expect(BigInt(second.id)).toBeGreaterThan(BigInt(first.id));
    expect(await db.log.lastId()).toBe(second.id);
    const [read] = await db.log.read('0', 1);
    expect(read).toEqual({ ...first, payload: { messageId: event.messageId, status: 'delivered' } });
  });

  it('reads after an id, in order, at most a limit, and only what an audience may see', async () => {
    const db = await open();
    const [mine, theirs, assigned] = [await seedChat(db), await seedChat(db), await seedChat(db)];
    const agentId = await assign(db, assigned);
    const entries = [];
    for (const chat of [mine, theirs, assigned, mine, theirs]) entries.push(await db.log.append(received(chat.id), at(entries.length)));
    expect(ids(await db.log.read('0', 2))).toEqual(ids(entries.slice(0, 2)));
    expect(ids(await db.log.read(entries[1]!.id, 10))).toEqual(ids(entries.slice(2)));
    const audience = { agentId, queueIds: [mine.queueId] };
    expect(ids(await db.log.read('0', 10, audience))).toEqual(ids([entries[0]!, entries[2]!, entries[3]!]));
    expect(ids(await db.log.read(entries[2]!.id, 10, audience))).toEqual([entries[3]!.id]);
    expect(await db.log.read('0', 10, { agentId: null, queueIds: [] })).toEqual([]);
    expect(await db.log.read('0', 10, { agentId: uuidIds.next(), queueIds: ['not-a-uuid'] })).toEqual([]);
  });

  it('forgets entries older than the retention, and only those', async () => {
    const db = await open();
    const chat = await seedChat(db);
    await db.log.append(received(chat.id), at(1));
    const kept = await db.log.append(received(chat.id), at(3));
    expect(await db.log.prune(at(2))).toBe(1);
    expect(ids(await db.log.read('0', 10))).toEqual([kept.id]);
  });

  it('makes concurrent appends readable in id order: a reader following the log never skips one', async () => {
    const db = await open();
    const chat = await seedChat(db);
    const seen: string[] = [];
    let appending = true;
    const follow = (async () => {
      let cursor = '0';
      for (let round = 0; appending || round === 0; round += 1) {
        const page = await db.log.read(cursor, 100);
        seen.push(...ids(page));
        cursor = page.at(-1)?.id ?? cursor;
        await new Promise((resolve) => setImmediate(resolve));
      }
      seen.push(...ids(await db.log.read(cursor, 100)));
    })();
    const appended = await Promise.all(Array.from({ length: 80 }, (_, i) => db.log.append(received(chat.id), at(i))));
    appending = false;
    await follow;
    const sorted = ids(appended).sort((a, b) => Number(BigInt(a) - BigInt(b)));
    expect(seen).toEqual(sorted);
  });
});
