import type { Attachment } from '../../domain/attachment.ts';
import { DomainError, notFound } from '../../domain/errors.ts';
import type { ChatId, ContactId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import { decodeCursor, pageSize, toPage } from '../pagination.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Stores } from '../ports/transaction.ts';
import { canSeeChat, type Viewer } from '../viewer.ts';

export type ChatHistoryInput = ({ readonly chatId: ChatId } | { readonly contactId: ContactId }) & {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
};

/** A message with the files that came with it. */
export interface MessageWithAttachments {
  readonly message: Message;
  readonly attachments: Attachment[];
}

/** Messages of one chat, or of every chat of a contact the caller may see, newest first. */
export async function chatHistory(deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: ChatHistoryInput): Promise<Page<MessageWithAttachments>> {
  const limit = pageSize(input.limit);
  const after = decodeCursor(input.cursor);
  const page = { after, limit: limit + 1 };
  // Reads only, so no transaction. One chat: the chat and its page in one statement, then the visibility check.
  const rows = await deps.transaction.read(async (stores) => {
    if ('chatId' in input) return visiblePageOfChat(stores, viewer, input.chatId, page);
    const chatIds = await visibleChatIds(stores, viewer, input.contactId);
    return chatIds.length ? stores.messages.historyWithAttachments(chatIds, page) : [];
  });
  return toPage(rows, limit, ({ message }) => ({ at: message.sentAt, id: message.id }));
}

async function visiblePageOfChat(stores: Stores, viewer: Viewer, chatId: ChatId, page: PageRequest): Promise<MessageWithAttachments[]> {
  const found = await stores.messages.chatHistory(chatId, page);
  if (!found) throw notFound('chat', chatId);
  // The page was read with the chat, but is given to nobody who may not see it.
  if (!canSeeChat(viewer, found.chat)) throw new DomainError('forbidden', 'CHAT_NOT_VISIBLE', `chat ${chatId} is not in your queues`);
  return found.items;
}

async function visibleChatIds(stores: Stores, viewer: Viewer, contactId: ContactId): Promise<ChatId[]> {
  await stores.contacts.get(contactId);
  const chatIds = await stores.chats.chatIdsOfContact(contactId);
  if (viewer.role !== 'agent') return chatIds;
  const chats = await Promise.all(chatIds.map((id) => stores.chats.get(id)));
  const visible = chats.filter((chat) => canSeeChat(viewer, chat)).map((chat) => chat.id);
  // As contacts.get: a contact none of whose chats the agent may see is not the agent's to read.
  if (chatIds.length > 0 && visible.length === 0) throw new DomainError('forbidden', 'CONTACT_NOT_VISIBLE', `contact ${contactId} is not in your queues`);
  return visible;
}
