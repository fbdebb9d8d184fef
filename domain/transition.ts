import type { Chat, ChatStatus } from './chat.ts';
import type { AgentId, ChatId, QueueId } from './ids.ts';

/** Why a chat moved: an agent took it, routing gave it, someone handed it on, it ended, or its agent left. */
export const TRANSITION_KINDS = ['accepted', 'routed', 'transferred', 'completed', 'requeued'] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

/** Where a chat stands: its status, owner and queue. */
export interface ChatPosition {
  readonly status: ChatStatus;
  readonly agentId: AgentId | null;
  readonly queueId: QueueId;
}

/** Where the chat stands now, to compare with where it stands after a change. */
export const positionOf = (chat: Chat): ChatPosition => ({ status: chat.status, agentId: chat.agentId, queueId: chat.queueId });

/** One recorded move of a chat: who moved it (null for routing and the built-in admin), when, from where to where. */
export class ChatTransition {
  readonly id: string;
  readonly chatId: ChatId;
  readonly kind: TransitionKind;
  readonly fromStatus: ChatStatus;
  readonly fromAgentId: AgentId | null;
  readonly fromQueueId: QueueId;
  readonly toStatus: ChatStatus;
  readonly toAgentId: AgentId | null;
  readonly toQueueId: QueueId;
  readonly byAgentId: AgentId | null;
  readonly comment: string | null;
  readonly at: Date;

  constructor(init: {
    id: string; chatId: ChatId; kind: TransitionKind; from: ChatPosition; to: ChatPosition;
    byAgentId: AgentId | null; comment?: string | null | undefined; at: Date;
  }) {
    this.id = init.id;
    this.chatId = init.chatId;
    this.kind = init.kind;
    this.fromStatus = init.from.status;
    this.fromAgentId = init.from.agentId;
    this.fromQueueId = init.from.queueId;
    this.toStatus = init.to.status;
    this.toAgentId = init.to.agentId;
    this.toQueueId = init.to.queueId;
    this.byAgentId = init.byAgentId;
    this.comment = init.comment ?? null;
    this.at = init.at;
  }
}
