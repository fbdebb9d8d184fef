import { afterAll, beforeAll } from 'vitest';
import type { Transaction } from '../../application/ports/transaction.ts';
import type { Chat } from '../../domain/chat.ts';
import type { AgentId } from '../../domain/ids.ts';
import type { EventLog } from '../../adapters/events/event-log.ts';
import { createInMemoryEventLog } from '../../adapters/events/in-memory-event-log.ts';
import { createInMemoryTransaction } from '../../adapters/memory/in-memory-transaction.ts';
import { createMikroOrmEventLog } from '../../adapters/persistence/mikro-orm-event-log.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { availableTestDatabaseKinds, openTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { aChannel, aChat, anAgent, aQueue, newContact } from './contracts/fixtures.ts';
import { T0 } from './contracts/harness.ts';

/** An event log and the stores its chats are looked up in. */
export interface LogDb { readonly log: EventLog; readonly transaction: Transaction }

/**
 * The memory log, and the `event` table on each test database (opened once per file, emptied
 * before each test). Call at the top level of a test file.
 */
export function eventLogTargets(): [string, () => Promise<LogDb>][] {
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

/** A stored chat waiting in a new queue of its own. */
export async function seedChat(db: Pick<LogDb, 'transaction'>): Promise<Chat> {
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

/** A new agent, stored, who accepts the chat. */
export async function assign(db: Pick<LogDb, 'transaction'>, chat: Chat): Promise<AgentId> {
  const agent = anAgent();
  await db.transaction.run(async ({ agents, chats }) => {
    await agents.save(agent);
    const stored = await chats.get(chat.id);
    stored.accept(agent.id);
    await chats.save(stored);
  });
  return agent.id;
}
