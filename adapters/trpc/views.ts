import type { MessageWithAttachments } from '../../application/chats/chat-history.ts';
import type { ChatDetails } from '../../application/chats/get-chat.ts';
import type { ChatListItem } from '../../application/chats/list-chats.ts';
import type { MessagePreview } from '../../application/ports/chat-repository.ts';
import type { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';
import type { Chat } from '../../domain/chat.ts';
import type { RoutingDecision } from '../../domain/routing.ts';
import type { ChatTransition } from '../../domain/transition.ts';
import { webhookUrl } from '../http/webhook-url.ts';
import type { ApiServices } from './context.ts';
import { isoTime } from './iso-time.ts';

/** A channel as the API shows it: never a secret. `webhookUrl` is where its messenger must post. */
export function toChannelView(channel: Channel, services: Pick<ApiServices, 'publicUrl' | 'publicSettingsOf'>) {
  const { publicUrl } = services;
  return {
    id: channel.id,
    name: channel.name,
    provider: channel.provider,
    source: channel.source,
    isActive: channel.isActive,
    queueId: channel.queueId,
    webhookUrl: webhookUrl(publicUrl, channel) ?? null,
    createdAt: channel.createdAt.toISOString(),
    publicSettings: services.publicSettingsOf(channel.provider, channel.settings),
    connection: { state: channel.connectionState, detail: channel.connectionDetail, checkedAt: channel.connectionCheckedAt?.toISOString() ?? null },
  };
}

/** A chat as the API shows it. */
export const toChatView = (chat: Chat) => ({
  id: chat.id,
  channelId: chat.channelId,
  contactId: chat.contactId,
  queueId: chat.queueId,
  agentId: chat.agentId,
  status: chat.status,
  createdAt: isoTime(chat.createdAt),
  lastMessageAt: isoTime(chat.lastMessageAt),
  unreadCount: chat.unreadCount,
});

const toAttachmentView = (a: Attachment) => ({
  id: a.id,
  type: a.type,
  mimeType: a.mimeType,
  fileName: a.fileName,
  fileSize: a.fileSize,
  sourceRef: a.sourceRef,
  fileId: a.fileId,
  downloadState: a.downloadState,
  downloadError: a.downloadError,
});

/** A message as the API shows it; `status` is null for incoming messages, `fileId` until downloaded. */
export const toMessageView = ({ message, attachments }: MessageWithAttachments) => ({
  id: message.id,
  chatId: message.chatId,
  direction: message.direction,
  type: message.type,
  text: message.text,
  externalId: message.externalId,
  sentAt: isoTime(message.sentAt),
  status: message.status,
  error: message.error,
  sender: message.senderExternalId === null ? null : { externalId: message.senderExternalId },
  agentId: message.agentId,
  editedAt: message.editedAt ? isoTime(message.editedAt) : null,
  originalText: message.originalText,
  metadata: message.metadata,
  attachments: attachments.map(toAttachmentView),
});

const toPreviewView = (preview: MessagePreview | null) =>
  preview && { text: preview.text, type: preview.type, direction: preview.direction, sentAt: isoTime(preview.sentAt) };

/** A chat in a list: the chat view with a preview of its newest message (null before any). */
export const toChatListItemView = ({ chat, lastMessage }: ChatListItem) => ({ ...toChatView(chat), lastMessage: toPreviewView(lastMessage) });

const toTransitionView = (t: ChatTransition) => ({
  id: t.id, kind: t.kind, at: t.at.toISOString(), byAgentId: t.byAgentId, comment: t.comment,
  from: { status: t.fromStatus, agentId: t.fromAgentId, queueId: t.fromQueueId },
  to: { status: t.toStatus, agentId: t.toAgentId, queueId: t.toQueueId },
});

const toDecisionView = (d: RoutingDecision) => ({ id: d.id, queueId: d.queueId, agentId: d.agentId, reason: d.reason, at: d.at.toISOString() });

/** One chat with its newest message, its transitions, and (supervisors and admins; null for agents) routing's decisions. */
export const toChatDetailsView = (details: ChatDetails) => ({
  ...toChatListItemView(details),
  completedAt: details.chat.completedAt?.toISOString() ?? null,
  transitions: details.transitions.map(toTransitionView),
  routing: details.routing?.map(toDecisionView) ?? null,
});
