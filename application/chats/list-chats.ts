import type { Chat, ChatStatus } from '../../domain/chat.ts';
import type { ContactId, QueueId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { decodeCursor, pageSize, toPage } from '../pagination.ts';
import type { ChatFilter, MessagePreview } from '../ports/chat-repository.ts';
import type { Page } from '../ports/pagination.ts';
import type { Viewer } from '../viewer.ts';

export interface ListChatsInput {
  readonly status?: ChatStatus | undefined;
  readonly queueId?: QueueId | undefined;
  readonly contactId?: ContactId | undefined;
  /** Only the chats assigned to the caller. */
  readonly mine?: boolean | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/** A chat in a list, with a preview of its newest message. */
export interface ChatListItem {
  readonly chat: Chat;
  readonly lastMessage: MessagePreview | null;
}

/** The chats the caller may see, most recently active first, each with its newest message (one statement for the page). */
export async function listChats(deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: ListChatsInput): Promise<Page<ChatListItem>> {
  const limit = pageSize(input.limit);
  const after = decodeCursor(input.cursor);
  const filter: ChatFilter = {
    status: input.status,
    queueId: input.queueId,
    contactId: input.contactId,
    agentId: input.mine ? (viewer.agentId ?? undefined) : undefined,
    visibleTo: viewer.role === 'agent' && viewer.agentId ? { agentId: viewer.agentId, queueIds: viewer.queueIds } : undefined,
  };
  if (input.mine && !viewer.agentId) return { items: [], nextCursor: null };
  // One statement for the whole page, outside a transaction: nothing here writes.
  const rows = await deps.transaction.read(({ chats }) => chats.listWithLastMessages(filter, { after, limit: limit + 1 }));
  return toPage(rows, limit, ({ chat }) => ({ at: chat.lastMessageAt, id: chat.id }));
}
