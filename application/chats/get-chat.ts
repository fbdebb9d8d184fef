import type { Chat } from '../../domain/chat.ts';
import type { ChatId } from '../../domain/ids.ts';
import type { RoutingDecision } from '../../domain/routing.ts';
import type { ChatTransition } from '../../domain/transition.ts';
import type { Deps } from '../deps.ts';
import type { MessagePreview } from '../ports/chat-repository.ts';
import type { Viewer } from '../viewer.ts';
import { requireVisible } from './chat-access.ts';

/** A chat with its newest message, its transitions (who moved it, when, with what comment) and, for supervisors, why routing sent it where it went. */
export interface ChatDetails {
  readonly chat: Chat;
  readonly lastMessage: MessagePreview | null;
  readonly transitions: readonly ChatTransition[];
  /** Null for agents: routing's reasons are for supervisors and admins. */
  readonly routing: readonly RoutingDecision[] | null;
}

/** One chat the caller may see, with what surrounds it. */
export async function getChat(deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: { readonly chatId: ChatId }): Promise<ChatDetails> {
  return deps.transaction.run(async ({ chats }) => {
    const chat = await chats.get(input.chatId);
    requireVisible(viewer, chat);
    const previews = await chats.lastMessages([chat.id]);
    return {
      chat,
      lastMessage: previews.get(chat.id) ?? null,
      transitions: await chats.transitionsOf(chat.id),
      routing: viewer.role === 'agent' ? null : await chats.routingDecisionsOf(chat.id),
    };
  });
}
