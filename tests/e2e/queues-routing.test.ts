import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../infrastructure/database.ts';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { dataOf } from './requests.ts';
import { openWorkplace, type AgentView, type ChatView, type Page, type QueueView, type Workplace } from './workplace.ts';

interface Details extends ChatView { routing: { agentId: string | null; reason: string }[] | null; transitions: { kind: string }[] }

const activeOf = async (place: Workplace) =>
  dataOf<{ items: AgentView[] }>(await place.admin.query('agents.list')).items.map((a) => a.activeChats).sort();

// queues.* and routing over HTTP: least busy, reasons for supervisors, offline policies, capacity under concurrent webhooks.
describe.each(availableTestDatabaseKinds())('queues and routing on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('creates, changes and lists queues with their agents', async () => {
    const place = await openWorkplace(db);
    const queue = await place.createQueue('manual');
    expect(queue).toMatchObject({ routing: 'manual', offlinePolicy: 'stay', agentIds: [] });
    const { agent } = await place.createAgent({});
    expect(dataOf<QueueView>(await place.admin.mutation('queues.setAgents', { queueId: queue.id, agentIds: [agent.id!] })).agentIds).toEqual([agent.id]);
    const changed = dataOf<QueueView>(await place.admin.mutation('queues.update', { queueId: queue.id, routing: 'auto', offlinePolicy: 'requeue' }));
    expect(changed).toMatchObject({ routing: 'auto', offlinePolicy: 'requeue' });
    expect(dataOf<{ items: QueueView[] }>(await place.admin.query('queues.list')).items).toMatchObject([{ id: queue.id, agentIds: [agent.id] }]);
    expect((await place.admin.mutation('queues.create', { name: 'X', routing: 'random' })).code).toBe('BAD_REQUEST');
    expect((await place.admin.mutation('queues.setAgents', { queueId: queue.id, agentIds: ['0190a0a0-0000-7000-8000-000000000000'] })).code).toBe('NOT_FOUND');
  });

  it('routes each new chat to the least busy online agent, and shows supervisors why', async () => {
    const place = await openWorkplace(db);
    const queue = await place.createQueue('auto');
    const ada = await place.createAgent({ name: 'Ada', queueIds: [queue.id], capacity: 2 });
    const bob = await place.createAgent({ name: 'Bob', queueIds: [queue.id], capacity: 2 });
    const sue = await place.createAgent({ role: 'supervisor' });
    const { post } = await place.channelInto(queue.id);
    const waiting = await post('w-1');
    expect(waiting).toMatchObject({ status: 'new', agentId: null });
    for (const { session } of [ada, bob]) dataOf(await session.mutation('operator.setStatus', { status: 'online' }));
    const routed = dataOf<ChatView>(await place.admin.query('chats.get', { chatId: waiting.id }));
    expect(routed).toMatchObject({ status: 'active', agentId: ada.agent.id });
    const next = await post('w-2', 'second');
    expect(next).toMatchObject({ status: 'active', agentId: bob.agent.id, lastMessage: { text: 'second', direction: 'incoming' } });
    const forSupervisor = dataOf<Details>(await sue.session.query('chats.get', { chatId: next.id }));
    expect(forSupervisor.routing).toMatchObject([{ agentId: bob.agent.id, reason: expect.stringMatching(/^least busy: 0 of 2 active, idle \d+ s/) }]);
    expect(forSupervisor.transitions.map((t) => t.kind)).toEqual(['routed']);
    expect(dataOf<Details>(await bob.session.query('chats.get', { chatId: next.id })).routing).toBeNull();
    expect(dataOf<Details>(await sue.session.query('chats.get', { chatId: waiting.id })).routing).toMatchObject([
      { agentId: null, reason: 'no agent of the queue is online' }, { agentId: ada.agent.id },
    ]);
  });

  it('sends an agent\'s chats back to a requeue queue when it goes offline, where a colleague gets them', async () => {
    const place = await openWorkplace(db);
    const queue = await place.createQueue('auto', 'requeue');
    const ada = await place.createAgent({ queueIds: [queue.id] });
    dataOf(await ada.session.mutation('operator.setStatus', { status: 'online' }));
    const { post } = await place.channelInto(queue.id);
    const chat = await post('r-1');
    expect(chat.agentId).toBe(ada.agent.id);
    const bob = await place.createAgent({ queueIds: [queue.id] });
    dataOf(await bob.session.mutation('operator.setStatus', { status: 'busy' }));
    expect(dataOf<AgentView>(await ada.session.mutation('operator.setStatus', { status: 'offline' })).activeChats).toBe(0);
    expect(dataOf<ChatView>(await place.admin.query('chats.get', { chatId: chat.id }))).toMatchObject({ status: 'new', agentId: null });
    dataOf(await bob.session.mutation('operator.setStatus', { status: 'online' }));
    expect(dataOf<ChatView>(await place.admin.query('chats.get', { chatId: chat.id }))).toMatchObject({ status: 'active', agentId: bob.agent.id });
  });

  it('never gives an agent more than its capacity when webhooks arrive at once', async () => {
    const place = await openWorkplace(db);
    const queue = await place.createQueue('auto');
    for (let i = 0; i < 2; i += 1) {
      const { session } = await place.createAgent({ queueIds: [queue.id], capacity: 2 });
      dataOf(await session.mutation('operator.setStatus', { status: 'online' }));
    }
    const { post } = await place.channelInto(queue.id);
    await Promise.all(Array.from({ length: 7 }, (_, i) => post(`c-${i}`)));
    expect(await activeOf(place)).toEqual([2, 2]);
    expect(dataOf<Page<ChatView>>(await place.admin.query('chats.list', { status: 'new' })).items).toHaveLength(3);
    expect(place.loggedErrors).toEqual([]);
  });

  // Several instances share one server only on PostgreSQL (the embedded database serves one process).
  if (kind === 'postgres') it('holds capacity with two service instances on one database routing at once', async () => {
    const second = await openDatabase({ databaseUrl: String(db.database.orm.config.get('clientUrl')), poolMax: 5 });
    onTestFinished(() => second.close());
    const [one, two] = [await openWorkplace(db), await openWorkplace({ ...db, database: second, transaction: second.transaction })];
    const queue = await one.createQueue('auto');
    for (let i = 0; i < 3; i += 1) {
      const { session } = await one.createAgent({ queueIds: [queue.id], capacity: 2 });
      dataOf(await session.mutation('operator.setStatus', { status: 'online' }));
    }
    const [first, other] = [await one.channelInto(queue.id), await two.channelInto(queue.id)];
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : other).post(`m-${i}`)));
    expect(await activeOf(one)).toEqual([2, 2, 2]);
    expect([...one.loggedErrors, ...two.loggedErrors]).toEqual([]);
  });
});
