import * as v from 'valibot';
import { acceptChat } from '../../../application/chats/accept-chat.ts';
import { chatHistory } from '../../../application/chats/chat-history.ts';
import { completeChat } from '../../../application/chats/complete-chat.ts';
import { getChat } from '../../../application/chats/get-chat.ts';
import { listChats } from '../../../application/chats/list-chats.ts';
import { markChatRead } from '../../../application/chats/mark-chat-read.ts';
import { passControlToPrimaryReceiver } from '../../../application/chats/pass-control.ts';
import { transferChat } from '../../../application/chats/transfer-chat.ts';
import { CHAT_STATUSES } from '../../../domain/chat.ts';
import type { AgentId, ChatId, ContactId, QueueId } from '../../../domain/ids.ts';
import { authedProcedure, router } from '../init.ts';
import { CursorSchema, IdSchema, LimitSchema, StorableTextSchema } from '../inputs.ts';
import { toChatDetailsView, toChatListItemView, toChatView, toMessageView } from '../views.ts';

const ListChatsSchema = v.optional(
  v.object({
    status: v.optional(v.picklist(CHAT_STATUSES)),
    queueId: v.optional(IdSchema),
    contactId: v.optional(IdSchema),
    mine: v.optional(v.boolean()),
    cursor: CursorSchema,
    limit: LimitSchema,
  }),
  {},
);

const HistorySchema = v.union([
  v.object({ chatId: IdSchema, cursor: CursorSchema, limit: LimitSchema }),
  v.object({ contactId: IdSchema, cursor: CursorSchema, limit: LimitSchema }),
]);

const ChatInputSchema = v.object({ chatId: IdSchema });

const TransferSchema = v.object({
  chatId: IdSchema,
  toAgentId: v.nullish(IdSchema),
  toQueueId: v.nullish(IdSchema),
  comment: v.nullish(v.pipe(StorableTextSchema, v.trim(), v.maxLength(2000, 'must be at most 2000 characters'))),
});

const chatOf = (input: { chatId: string }) => ({ chatId: input.chatId as ChatId });

/** Chats: lists, history, and what agents do with a chat (accept, transfer, complete, mark read). */
export const chatsRouter = router({
  list: authedProcedure.input(ListChatsSchema).query(async ({ ctx, input }) => {
    const page = await listChats(ctx.services.deps, ctx.viewer, {
      ...input, queueId: input.queueId as QueueId | undefined, contactId: input.contactId as ContactId | undefined, cursor: input.cursor ?? undefined,
    });
    return { items: page.items.map(toChatListItemView), nextCursor: page.nextCursor };
  }),
  history: authedProcedure.input(HistorySchema).query(async ({ ctx, input }) => {
    const target = 'chatId' in input ? { chatId: input.chatId as ChatId } : { contactId: input.contactId as ContactId };
    const page = await chatHistory(ctx.services.deps, ctx.viewer, { ...target, cursor: input.cursor ?? undefined, limit: input.limit });
    return { items: page.items.map(toMessageView), nextCursor: page.nextCursor };
  }),
  get: authedProcedure.input(ChatInputSchema).query(async ({ ctx, input }) => toChatDetailsView(await getChat(ctx.services.deps, ctx.viewer, chatOf(input)))),
  accept: authedProcedure.input(ChatInputSchema).mutation(async ({ ctx, input }) => toChatView(await acceptChat(ctx.services.deps, ctx.viewer, chatOf(input)))),
  transfer: authedProcedure.input(TransferSchema).mutation(async ({ ctx, input }) => toChatView(await transferChat(ctx.services.deps, ctx.viewer, {
    ...chatOf(input), toAgentId: (input.toAgentId ?? undefined) as AgentId | undefined, toQueueId: (input.toQueueId ?? undefined) as QueueId | undefined,
    comment: input.comment || undefined,
  }))),
  complete: authedProcedure.input(ChatInputSchema).mutation(async ({ ctx, input }) => toChatView(await completeChat(ctx.services.deps, ctx.viewer, chatOf(input)))),
  markRead: authedProcedure.input(ChatInputSchema).mutation(async ({ ctx, input }) => toChatView(await markChatRead(ctx.services.deps, ctx.viewer, chatOf(input)))),
  /** Hands the conversation to the messenger's primary receiver (Messenger's Page Inbox): the messenger's answer. */
  handOver: authedProcedure.input(ChatInputSchema).mutation(({ ctx, input }) => passControlToPrimaryReceiver(ctx.services.deps, ctx.viewer, chatOf(input).chatId)),
});
