import { describe, expect, it } from 'vitest';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { dataOf } from './requests.ts';
import { openWorkplace, type ChatView, type Page } from './workplace.ts';

interface Transition { kind: string; byAgentId: string | null; comment: string | null; from: { status: string; agentId: string | null }; to: { status: string; agentId: string | null; queueId: string } }
interface Details extends ChatView { transitions: Transition[] }

// chats.accept / transfer / complete / markRead / get over HTTP, on a manual queue.
describe.each(availableTestDatabaseKinds())('chat actions on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function setUp() {
    const place = await openWorkplace(db);
    const queue = await place.createQueue('manual');
    const ada = await place.createAgent({ name: 'Ada', queueIds: [queue.id] });
    const bob = await place.createAgent({ name: 'Bob', queueIds: [queue.id] });
    const { post } = await place.channelInto(queue.id);
    return { place, queue, ada, bob, post };
  }

  it('lets exactly one of two agents accepting at the same instant have the chat; the other gets CONFLICT', async () => {
    const { place, ada, bob, post } = await setUp();
    const chat = await post('race');
    const answers = await Promise.all([ada, bob].map(({ session }) => session.mutation('chats.accept', { chatId: chat.id })));
    expect(answers.map((a) => a.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const winner = answers.find((a) => a.status === 200)!.data as ChatView;
    expect(dataOf<ChatView>(await place.admin.query('chats.get', { chatId: chat.id }))).toMatchObject({ status: 'active', agentId: winner.agentId });
    expect(place.loggedErrors).toEqual([]);
  });

  it('transfers with a comment the receiving agent reads, to a queue, and completes; each step recorded', async () => {
    const { place, queue, ada, bob, post } = await setUp();
    const chat = await post('alice');
    dataOf(await ada.session.mutation('chats.accept', { chatId: chat.id }));
    const handed = dataOf<ChatView>(await ada.session.mutation('chats.transfer', { chatId: chat.id, toAgentId: bob.agent.id, comment: 'wants a refund' }));
    expect(handed).toMatchObject({ status: 'active', agentId: bob.agent.id });
    const seen = dataOf<Details>(await bob.session.query('chats.get', { chatId: chat.id }));
    expect(seen.transitions.at(-1)).toMatchObject({ kind: 'transferred', byAgentId: ada.agent.id, comment: 'wants a refund', from: { agentId: ada.agent.id }, to: { agentId: bob.agent.id } });
    const other = await place.createQueue('manual');
    expect(dataOf<ChatView>(await bob.session.mutation('chats.transfer', { chatId: chat.id, toQueueId: other.id }))).toMatchObject({ status: 'new', agentId: null, queueId: other.id });
    expect((await bob.session.query('chats.get', { chatId: chat.id })).code).toBe('FORBIDDEN');
    dataOf(await place.admin.mutation('chats.transfer', { chatId: chat.id, toQueueId: queue.id }));
    dataOf(await bob.session.mutation('chats.accept', { chatId: chat.id }));
    expect(dataOf<ChatView>(await bob.session.mutation('chats.complete', { chatId: chat.id })).status).toBe('completed');
    const kinds = dataOf<Details>(await place.admin.query('chats.get', { chatId: chat.id })).transitions.map((t) => [t.kind, t.to.status]);
    expect(kinds).toEqual([['accepted', 'active'], ['transferred', 'active'], ['transferred', 'new'], ['transferred', 'new'], ['accepted', 'active'], ['completed', 'completed']]);
    const reopened = await post('alice', 'me again');
    expect(reopened.id).not.toBe(chat.id);
    expect(reopened).toMatchObject({ status: 'new', contactId: chat.contactId, lastMessage: { text: 'me again' } });
  });

  it('answers CONFLICT, BAD_REQUEST and NOT_FOUND where they belong', async () => {
    const { place, ada, bob, post } = await setUp();
    const chat = await post('bob');
    dataOf(await ada.session.mutation('chats.accept', { chatId: chat.id }));
    expect((await ada.session.mutation('chats.accept', { chatId: chat.id })).code).toBe('CONFLICT');
    expect((await ada.session.mutation('chats.transfer', { chatId: chat.id })).code).toBe('BAD_REQUEST');
    expect((await ada.session.mutation('chats.transfer', { chatId: chat.id, toAgentId: bob.agent.id, toQueueId: chat.queueId })).code).toBe('BAD_REQUEST');
    expect((await ada.session.mutation('chats.transfer', { chatId: chat.id, toAgentId: '0190a0a0-0000-7000-8000-000000000000' })).code).toBe('NOT_FOUND');
    expect((await ada.session.mutation('chats.accept', { chatId: '0190a0a0-0000-7000-8000-000000000000' })).code).toBe('NOT_FOUND');
    expect((await ada.session.mutation('chats.accept', { chatId: 'nope' })).code).toBe('BAD_REQUEST');
    dataOf(await ada.session.mutation('chats.complete', { chatId: chat.id }));
    expect((await ada.session.mutation('chats.complete', { chatId: chat.id })).code).toBe('CONFLICT');
    expect((await place.admin.mutation('chats.transfer', { chatId: chat.id, toAgentId: bob.agent.id })).code).toBe('CONFLICT');
    expect(place.loggedErrors).toEqual([]);
  });

  it('marks a chat read and shows each chat\'s last message in lists', async () => {
    const { ada, post } = await setUp();
    await post('carol', 'first');
    const chat = await post('carol', 'second');
    expect(chat.unreadCount).toBe(2);
    expect(dataOf<ChatView>(await ada.session.mutation('chats.markRead', { chatId: chat.id })).unreadCount).toBe(0);
    const listed = dataOf<Page<ChatView>>(await ada.session.query('chats.list', {})).items;
    expect(listed).toMatchObject([{ id: chat.id, unreadCount: 0, lastMessage: { text: 'second', type: 'text', direction: 'incoming', sentAt: expect.any(String) } }]);
  });
});
