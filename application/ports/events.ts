import type { AgentId, ChannelId, ChatId, ContactId, MessageId, QueueId } from '../../domain/ids.ts';
import type { AgentStatus } from '../../domain/agent.ts';
import type { DeliveryStatus } from '../../domain/message.ts';

/** What happened, for agents' screens and for routing. */
export type SwitchboardEvent =
  | { readonly type: 'chat.created'; readonly chatId: ChatId; readonly channelId: ChannelId; readonly queueId: QueueId; readonly contactId: ContactId }
  | { readonly type: 'chat.assigned'; readonly chatId: ChatId; readonly agentId: AgentId; readonly queueId?: QueueId | undefined }
  | { readonly type: 'chat.completed'; readonly chatId: ChatId; readonly queueId?: QueueId | undefined; readonly agentId?: AgentId | null | undefined }
  | {
    readonly type: 'chat.transferred'; readonly chatId: ChatId; readonly queueId: QueueId; readonly agentId: AgentId | null;
    readonly fromQueueId: QueueId; readonly fromAgentId: AgentId | null;
  }
  | { readonly type: 'chat.requeued'; readonly chatId: ChatId; readonly queueId: QueueId; readonly fromAgentId: AgentId }
  | { readonly type: 'chat.read'; readonly chatId: ChatId; readonly queueId: QueueId; readonly agentId: AgentId | null }
  | { readonly type: 'agent.status_changed'; readonly agentId: AgentId; readonly status: AgentStatus }
  | { readonly type: 'message.received'; readonly chatId: ChatId; readonly messageId: MessageId }
  | { readonly type: 'message.edited'; readonly chatId: ChatId; readonly messageId: MessageId }
  | { readonly type: 'message.status_changed'; readonly chatId: ChatId; readonly messageId: MessageId; readonly status: DeliveryStatus };

/** Tells whoever listens; called after the data is committed. */
export interface EventPublisher {
  publish(event: SwitchboardEvent): Promise<void>;
}
