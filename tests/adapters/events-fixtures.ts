import { afterAll, beforeAll } from 'vitest';
import type { SwitchboardEvent } from '../../application/ports/events.ts';
import type { Transaction } from '../../application/ports/transaction.ts';
import type { Viewer } from '../../application/viewer.ts';
import type { Chat } from '../../domain/chat.ts';
import type { AgentId, MessageId } from '../../domain/ids.ts';
import { createEventHub } from '../../adapters/events/event-hub.ts';
import type { EventLog, StoredEvent } from '../../adapters/events/event-log.ts';
import { audienceOf, openEventStream, type EventFeed } from '../../adapters/events/event-stream.ts';
import { createInMemoryEventLog } from '../../adapters/events/in-memory-event-log.ts';
import { createInProcessEvents } from '../../adapters/events/in-process-events.ts';
import { createLoggedEvents } from '../../adapters/events/logged-events.ts';
import { createInMemoryTransaction } from '../../adapters/memory/in-memory-transaction.ts';
import { createMikroOrmEventLog } from '../../adapters/persistence/mikro-orm-event-log.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { createMemoryDeps } from '../support/memory-deps.ts';
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

const same = (log: EventLog) => log;

/** A supervisor: sees every event. */
export const SUPERVISOR: Viewer = { agentId: uuidIds.next(), role: 'supervisor', queueIds: [] };

/** A memory log behind a hub and the durable publisher, as buildService wires them. */
export function memoryFeed(wrap: { log?: (log: EventLog) => EventLog; hubLog?: (log: EventLog) => EventLog } = {}) {
  const deps = createMemoryDeps();
  const log = (wrap.log ?? same)(createInMemoryEventLog(deps.transaction));
  const errors: unknown[] = [];
  const feed: EventFeed = { log, hub: createEventHub((wrap.hubLog ?? same)(log), (error) => errors.push(error), 0) };
  const heard: SwitchboardEvent[] = [];
  const local = createInProcessEvents();
  local.subscribe((event) => void heard.push(event));
  const events = createLoggedEvents({ ...feed, local, clock: deps.clock, onError: (error) => errors.push(error) });
  const seedChat = async (queueId = aQueue().id, agentId: AgentId | null = null): Promise<Chat> => {
    const channel = aChannel(queueId, { source: `bot-${uuidIds.next()}` });
    const { contact } = newContact('42');
    const chat = aChat(channel, contact);
    if (agentId) chat.accept(agentId);
    await deps.transaction.run(({ chats }) => chats.save(chat));
    return chat;
  };
  const publish = async (chat: Chat): Promise<SwitchboardEvent> => {
    const event: SwitchboardEvent = { type: 'message.received', chatId: chat.id, messageId: uuidIds.next<MessageId>() };
    await events.publish(event);
    return event;
  };
  const open = (viewer: Viewer = SUPERVISOR, lastEventId?: string, signal?: AbortSignal) =>
    openEventStream(feed, audienceOf(viewer), lastEventId, signal);
  return { feed, events, errors, heard, seedChat, publish, open };
}

/** The next `count` entries of a stream. */
export async function take(stream: AsyncGenerator<StoredEvent, void>, count: number): Promise<StoredEvent[]> {
  const entries: StoredEvent[] = [];
  while (entries.length < count) {
    const next = await stream.next();
    if (next.done) throw new Error(`the stream ended after ${entries.length} entries`);
    entries.push(next.value);
  }
  return entries;
}

/** The message ids of entries (undefined for events without one). */
export const messageIds = (entries: readonly StoredEvent[]) => entries.map((entry) => entry.payload.messageId);
/** The message id of a published event. */
export const messageIdOf = (event: SwitchboardEvent) => (event as { messageId?: string }).messageId;
