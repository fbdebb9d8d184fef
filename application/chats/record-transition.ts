import type { Chat } from '../../domain/chat.ts';
import type { AgentId } from '../../domain/ids.ts';
import { ChatTransition, positionOf, type ChatPosition, type TransitionKind } from '../../domain/transition.ts';
import type { Deps } from '../deps.ts';
import type { Stores } from '../ports/transaction.ts';

/** What a transition needs besides the chat after the change. */
export interface TransitionFacts {
  readonly kind: TransitionKind;
  readonly from: ChatPosition;
  readonly byAgentId: AgentId | null;
  readonly comment?: string | null | undefined;
}

/** Records that `chat` just moved from `facts.from` to where it stands now, in the transaction that moved it. */
export async function recordTransition(deps: Pick<Deps, 'ids' | 'clock'>, stores: Stores, chat: Chat, facts: TransitionFacts): Promise<void> {
  await stores.chats.recordTransition(new ChatTransition({
    id: deps.ids.next(), chatId: chat.id, kind: facts.kind, from: facts.from, to: positionOf(chat),
    byAgentId: facts.byAgentId, comment: facts.comment, at: deps.clock.now(),
  }));
}
