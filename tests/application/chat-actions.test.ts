import { describe, expect, it } from 'vitest';
import { acceptChat } from '../../application/chats/accept-chat.ts';
import { completeChat } from '../../application/chats/complete-chat.ts';
import { getChat } from '../../application/chats/get-chat.ts';
import { listChats } from '../../application/chats/list-chats.ts';
import { markChatRead } from '../../application/chats/mark-chat-read.ts';
import { transferChat } from '../../application/chats/transfer-chat.ts';
import { arrive, BOOTSTRAP, createRoutedDeps, seedAgent, seedQueue, stored } from './workplace-fixtures.ts';

async function manualSetUp() {
  const deps = createRoutedDeps();
  const { queue, channel } = await seedQueue(deps, 'manual');
  const { queue: other } = await seedQueue(deps, 'manual');
  const ada = await seedAgent(deps, { name: 'Ada', queues: [queue] });
  const bob = await seedAgent(deps, { name: 'Bob', queues: [queue] });
  const outsider = await seedAgent(deps, { name: 'Out', queues: [other] });
  const supervisor = await seedAgent(deps, { name: 'Sue', role: 'supervisor' });
  return { deps, queue, other, channel, ada, bob, outsider, supervisor };
}

describe('chats.accept', () => {
  it('gives the waiting chat to the caller and records who took it; the second taker gets CHAT_NOT_WAITING', async () => {
    const { deps, channel, ada, bob } = await manualSetUp();
    const chat = await arrive(deps, channel, 'a');
    expect(await acceptChat(deps, ada.viewer, { chatId: chat.id })).toMatchObject({ status: 'active', agentId: ada.agent.id });
    await expect(acceptChat(deps, bob.viewer, { chatId: chat.id })).rejects.toMatchObject({ kind: 'conflict', code: 'CHAT_NOT_WAITING' });
    const [transition] = await deps.transaction.run(({ chats }) => chats.transitionsOf(chat.id));
    expect(transition).toMatchObject({ kind: 'accepted', fromStatus: 'new', toStatus: 'active', toAgentId: ada.agent.id, byAgentId: ada.agent.id });
    expect(deps.events.published).toContainEqual({ type: 'chat.assigned', chatId: chat.id, agentId: ada.agent.id, queueId: chat.queueId });
  });

  it('holds the caller to its capacity, its queues, and being an agent', async () => {
    const { deps, channel, ada, outsider, supervisor } = await manualSetUp();
    const chats = [await arrive(deps, channel, 'a'), await arrive(deps, channel, 'b'), await arrive(deps, channel, 'c')];
    await acceptChat(deps, ada.viewer, { chatId: chats[0]!.id });
    await acceptChat(deps, ada.viewer, { chatId: chats[1]!.id });
    await expect(acceptChat(deps, ada.viewer, { chatId: chats[2]!.id })).rejects.toMatchObject({ kind: 'conflict', code: 'AGENT_AT_CAPACITY' });
    await expect(acceptChat(deps, outsider.viewer, { chatId: chats[2]!.id })).rejects.toMatchObject({ kind: 'forbidden', code: 'CHAT_NOT_IN_YOUR_QUEUES' });
    await expect(acceptChat(deps, BOOTSTRAP, { chatId: chats[2]!.id })).rejects.toMatchObject({ kind: 'forbidden', code: 'NOT_AN_AGENT' });
    expect(await acceptChat(deps, supervisor.viewer, { chatId: chats[2]!.id })).toMatchObject({ agentId: supervisor.agent.id });
    await expect(acceptChat(deps, ada.viewer, { chatId: deps.ids.next() })).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
  });
});

describe('chats.transfer', () => {
  it('hands an own chat to a colleague with a comment, recorded; not someone else\'s', async () => {
    const { deps, channel, ada, bob } = await manualSetUp();
    const chat = await arrive(deps, channel, 'a');
    await acceptChat(deps, ada.viewer, { chatId: chat.id });
    await expect(transferChat(deps, bob.viewer, { chatId: chat.id, toAgentId: bob.agent.id })).rejects.toMatchObject({ code: 'CHAT_NOT_YOURS' });
    const moved = await transferChat(deps, ada.viewer, { chatId: chat.id, toAgentId: bob.agent.id, comment: 'billing question' });
    expect(moved).toMatchObject({ status: 'active', agentId: bob.agent.id });
    const transitions = await deps.transaction.run(({ chats }) => chats.transitionsOf(chat.id));
    expect(transitions[1]).toMatchObject({ kind: 'transferred', fromAgentId: ada.agent.id, toAgentId: bob.agent.id, byAgentId: ada.agent.id, comment: 'billing question' });
    expect(deps.events.published).toContainEqual({
      type: 'chat.transferred', chatId: chat.id, queueId: chat.queueId, agentId: bob.agent.id, fromQueueId: chat.queueId, fromAgentId: ada.agent.id,
    });
  });

  it('sends a chat to a queue, where its rule routes it; names exactly one target that exists', async () => {
    const { deps, channel, ada, supervisor } = await manualSetUp();
    const { queue: auto } = await seedQueue(deps, 'auto');
    const helper = await seedAgent(deps, { name: 'Helper', queues: [auto] });
    const chat = await arrive(deps, channel, 'a');
    await acceptChat(deps, ada.viewer, { chatId: chat.id });
    await expect(transferChat(deps, ada.viewer, { chatId: chat.id })).rejects.toMatchObject({ kind: 'invalid', code: 'TRANSFER_TARGET' });
    await expect(transferChat(deps, ada.viewer, { chatId: chat.id, toAgentId: helper.agent.id, toQueueId: auto.id })).rejects.toMatchObject({ code: 'TRANSFER_TARGET' });
    await expect(transferChat(deps, ada.viewer, { chatId: chat.id, toQueueId: deps.ids.next() })).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    await expect(transferChat(deps, ada.viewer, { chatId: chat.id, toAgentId: ada.agent.id })).rejects.toMatchObject({ code: 'TRANSFER_TO_OWNER' });
    expect(await transferChat(deps, ada.viewer, { chatId: chat.id, toQueueId: auto.id })).toMatchObject({ queueId: auto.id, status: 'active', agentId: helper.agent.id });
    expect(await transferChat(deps, supervisor.viewer, { chatId: chat.id, toAgentId: ada.agent.id })).toMatchObject({ agentId: ada.agent.id });
  });
});

describe('chats.complete and chats.markRead', () => {
  it('lets an agent complete its own chat and a supervisor any, recording who did', async () => {
    const { deps, channel, ada, bob } = await manualSetUp();
    const [mine, waiting] = [await arrive(deps, channel, 'a'), await arrive(deps, channel, 'b')];
    await acceptChat(deps, ada.viewer, { chatId: mine.id });
    await expect(completeChat(deps, bob.viewer, { chatId: mine.id })).rejects.toMatchObject({ code: 'CHAT_NOT_YOURS' });
    await expect(completeChat(deps, ada.viewer, { chatId: waiting.id })).rejects.toMatchObject({ code: 'CHAT_NOT_YOURS' });
    expect(await completeChat(deps, ada.viewer, { chatId: mine.id })).toMatchObject({ status: 'completed', completedAt: deps.clock.now() });
    await expect(completeChat(deps, ada.viewer, { chatId: mine.id })).rejects.toMatchObject({ code: 'CHAT_COMPLETED' });
    await completeChat(deps, BOOTSTRAP, { chatId: waiting.id });
    const [done] = await deps.transaction.run(({ chats }) => chats.transitionsOf(waiting.id));
    expect(done).toMatchObject({ kind: 'completed', fromStatus: 'new', toStatus: 'completed', byAgentId: null });
  });

  it('marks a chat read for whoever sees it, and refuses who does not', async () => {
    const { deps, channel, ada, outsider } = await manualSetUp();
    const chat = await arrive(deps, channel, 'a');
    expect(chat.unreadCount).toBe(1);
    await expect(markChatRead(deps, outsider.viewer, { chatId: chat.id })).rejects.toMatchObject({ code: 'CHAT_NOT_VISIBLE' });
    expect(await markChatRead(deps, ada.viewer, { chatId: chat.id })).toMatchObject({ unreadCount: 0 });
    expect(await stored(deps, chat)).toMatchObject({ unreadCount: 0 });
  });
});

describe('chats.get and chats.list', () => {
  it('shows the chat with its last message and transitions; routing\'s reasons to supervisors only', async () => {
    const { deps, channel, ada, outsider, supervisor } = await manualSetUp();
    const chat = await arrive(deps, channel, 'a');
    const forAgent = await getChat(deps, ada.viewer, { chatId: chat.id });
    expect(forAgent).toMatchObject({ lastMessage: { text: 'Hello', direction: 'incoming', type: 'text' }, transitions: [], routing: null });
    const forSupervisor = await getChat(deps, supervisor.viewer, { chatId: chat.id });
    expect(forSupervisor.routing).toMatchObject([{ agentId: null, reason: 'manual queue: waits for an agent to accept it' }]);
    await expect(getChat(deps, outsider.viewer, { chatId: chat.id })).rejects.toMatchObject({ kind: 'forbidden', code: 'CHAT_NOT_VISIBLE' });
    const page = await listChats(deps, ada.viewer, {});
    expect(page.items).toMatchObject([{ chat: { id: chat.id }, lastMessage: { text: 'Hello' } }]);
  });
});
