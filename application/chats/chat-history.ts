import type { Attachment } from '../../domain/attachment.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ChatId, ContactId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import { decodeCursor, pageSize, toPage } from '../pagination.ts';
import type { Page } from '../ports/pagination.ts';
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
  // Reads only, so no transaction: the visibility check, then the page with its attachments in one statement.
  return deps.transaction.read(async (stores) => {
    const chatIds = await visibleChatIds(stores, viewer, input);
    const rows = chatIds.length ? await stores.messages.historyWithAttachments(chatIds, { after, limit: limit + 1 }) : [];
    return toPage(rows, limit, ({ message }) => ({ at: message.sentAt, id: message.id }));
  });
}

async function visibleChatIds(stores: Stores, viewer: Viewer, input: ChatHistoryInput): Promise<ChatId[]> {
  if ('chatId' in input) {
    const chat = await stores.chats.get(input.chatId);
    if (!canSeeChat(viewer, chat)) throw new DomainError('forbidden', 'CHAT_NOT_VISIBLE', `chat ${chat.id} is not in your queues`);
    return [chat.id];
  }
  await stores.contacts.get(input.contactId);
  const chatIds = await stores.chats.chatIdsOfContact(input.contactId);
  if (viewer.role !== 'agent') return chatIds;
  const chats = await Promise.all(chatIds.map((id) => stores.chats.get(id)));
  const visible = chats.filter((chat) => canSeeChat(viewer, chat)).map((chat) => chat.id);
  // As contacts.get: a contact none of whose chats the agent may see is not the agent's to read.
  if (chatIds.length > 0 && visible.length === 0) throw new DomainError('forbidden', 'CONTACT_NOT_VISIBLE', `contact ${input.contactId} is not in your queues`);
  return visible;
}
