import { describe, expect, it } from 'vitest';
import type { SwitchboardEvent } from '../../application/ports/events.ts';
import type { AgentId, ChatId, MessageId, QueueId } from '../../domain/ids.ts';
import type { StoredEvent } from '../../adapters/events/event-log.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { at } from './contracts/harness.ts';
import { assign, eventLogTargets, seedChat } from './events-fixtures.ts';

const received = (chatId: ChatId): SwitchboardEvent => ({ type: 'message.received', chatId, messageId: uuidIds.next<MessageId>() });
const ids = (entries: readonly StoredEvent[]) => entries.map((entry) => entry.id);

describe.each(eventLogTargets())('event log on %s', (_name, open) => {
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

  it('shows a move to the queue and agent the chat left, and an event without a chat to the agent it names', async () => {
    const db = await open();
    const [chat, target] = [await seedChat(db), await seedChat(db)];
    const from = { agentId: await assign(db, chat), queueId: chat.queueId };
    await db.transaction.run(async ({ chats }) => {
      const moved = await chats.get(chat.id);
      moved.transfer({ queueId: target.queueId });
      await chats.save(moved);
    });
    // Members the union may not have yet: the log handles any event by its fields.
    const transferred = { type: 'chat.transferred', chatId: chat.id, queueId: target.queueId, agentId: null, fromQueueId: from.queueId, fromAgentId: from.agentId };
    const entry = await db.log.append(transferred as unknown as SwitchboardEvent, at(1));
    expect(entry).toMatchObject({ queueId: target.queueId, agentId: null });
    const someone = uuidIds.next<AgentId>();
    const sees = async (agentId: string, queueIds: string[]) => (await db.log.read('0', 10, { agentId, queueIds })).length === 1;
    expect([await sees(from.agentId, []), await sees(someone, [from.queueId]), await sees(someone, [target.queueId])]).toEqual([true, true, true]);
    expect(await sees(someone, [uuidIds.next()])).toBe(false);
    const status = await db.log.append({ type: 'agent.status_changed', agentId: someone, status: 'online' } as unknown as SwitchboardEvent, at(2));
    expect(status).toMatchObject({ chatId: null, queueId: null, agentId: someone, payload: { agentId: someone, status: 'online' } });
    expect(ids(await db.log.read(entry.id, 10, { agentId: someone, queueIds: [] }))).toEqual([status.id]);
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
