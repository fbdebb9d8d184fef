import type { Chat } from '../../domain/chat.ts';
import type { ChatId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { Viewer } from '../viewer.ts';
import { requireVisible } from './chat-access.ts';

/** Marks every message of a chat read (unreadCount 0), for anyone who may see the chat. */
export async function markChatRead(deps: Pick<Deps, 'transaction' | 'events'>, viewer: Viewer, input: { readonly chatId: ChatId }): Promise<Chat> {
  const chat = await deps.transaction.run(async ({ chats }) => {
    // Locked: a message counted while this runs waits, and stays unread after it, instead of being zeroed unseen.
    const chat = await chats.lock(input.chatId);
    requireVisible(viewer, chat);
    chat.markRead();
    await chats.save(chat);
    return chat;
  });
  await deps.events.publish({ type: 'chat.read', chatId: chat.id, queueId: chat.queueId, agentId: chat.agentId });
  return chat;
}
