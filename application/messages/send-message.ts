import type { Attachment } from '../../domain/attachment.ts';
import type { Chat } from '../../domain/chat.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ChatId, FileId } from '../../domain/ids.ts';
import { Message } from '../../domain/message.ts';
import type { MessageWithAttachments } from '../chats/chat-history.ts';
import type { Deps } from '../deps.ts';
import type { StoredFile } from '../ports/file-storage.ts';
import type { Stores } from '../ports/transaction.ts';
import { canSeeChat, type Viewer } from '../viewer.ts';
import { attachmentTypeOfMime, findUploadedFiles, outgoingAttachments } from './outgoing-attachments.ts';

/** What an agent sends: text and/or uploaded files, to one chat. */
export interface SendMessageInput {
  readonly chatId: ChatId;
  readonly text?: string | undefined;
  /** Files uploaded with `POST /files`. */
  readonly attachments?: readonly { readonly fileId: FileId }[] | undefined;
  /** The client's key for this send: a retried call with it returns the first call's message and sends nothing more. */
  readonly idempotencyKey?: string | undefined;
}

type SendDeps = Pick<Deps, 'transaction' | 'deliveries' | 'clock' | 'ids' | 'files'>;

/**
 * Stores an agent's message as `queued` and returns it at once; a durable job delivers it (DeliveryStore.enqueue).
 * Sending on a waiting (`new`) chat does not accept it: taking a chat stays an explicit `chats.accept`.
 * A key already used by this caller in this chat returns the stored message, whatever the new text says.
 */
export async function sendMessage(deps: SendDeps, viewer: Viewer, input: SendMessageInput): Promise<MessageWithAttachments> {
  const text = input.text ?? '';
  const fileIds = (input.attachments ?? []).map((a) => a.fileId);
  if (text.trim() === '' && fileIds.length === 0) throw new DomainError('invalid', 'EMPTY_MESSAGE', 'a message needs text or attachments');
  const files = await findUploadedFiles(deps.files, fileIds);
  const key = input.idempotencyKey === undefined ? null : clientKey(viewer, input.idempotencyKey);
  const chat = await deps.transaction.read((stores) => visibleChat(stores, viewer, input.chatId));
  const sent = await deps.deliveries.enqueue(chat.id, key, () => newOutgoing(deps, viewer, chat, { text, files, key }));
  if (!sent.created && sent.message.chatId !== chat.id) throw keyReused();
  return { message: sent.message, attachments: sent.attachments };
}

// Namespaced by caller, so clients cannot collide with each other nor with messengers' ids (unique per channel too).
const clientKey = (viewer: Viewer, key: string): string => `client:${viewer.agentId ?? 'admin'}:${key}`;

const keyReused = () => new DomainError('conflict', 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a message in another chat');

async function visibleChat(stores: Stores, viewer: Viewer, chatId: ChatId): Promise<Chat> {
  const chat = await stores.chats.get(chatId);
  if (!canSeeChat(viewer, chat)) throw new DomainError('forbidden', 'CHAT_NOT_VISIBLE', `chat ${chat.id} is not in your queues`);
  return chat;
}

interface Content {
  readonly text: string;
  readonly files: readonly StoredFile[];
  readonly key: string | null;
}

/** The message and its attachments, minted (ids, time) while the chat's queue is held. */
function newOutgoing(deps: SendDeps, viewer: Viewer, chat: Chat, content: Content): { message: Message; attachments: Attachment[] } {
  const now = deps.clock.now();
  const first = content.files[0];
  const message = new Message({
    id: deps.ids.next(), chatId: chat.id, channelId: chat.channelId, direction: 'outgoing',
    type: first ? attachmentTypeOfMime(first.mimeType) : 'text', text: content.text, externalId: null,
    idempotencyKey: content.key, senderExternalId: null, agentId: viewer.agentId, sentAt: now, createdAt: now,
  });
  return { message, attachments: outgoingAttachments(deps.ids, message.id, content.files) };
}
