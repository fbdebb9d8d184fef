import * as v from 'valibot';
import { chatHistory } from '../../../application/chats/chat-history.ts';
import { listChats } from '../../../application/chats/list-chats.ts';
import { CHAT_STATUSES } from '../../../domain/chat.ts';
import type { ChatId, ContactId, QueueId } from '../../../domain/ids.ts';
import { authedProcedure, router } from '../init.ts';
import { CursorSchema, IdSchema, LimitSchema } from '../inputs.ts';
import { toChatView, toMessageView } from '../views.ts';

const ListChatsSchema = v.optional(
  v.object({
    status: v.optional(v.picklist(CHAT_STATUSES)),
    queueId: v.optional(IdSchema),
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

/** Reading chats: lists and history. */
export const chatsRouter = router({
  list: authedProcedure.input(ListChatsSchema).query(async ({ ctx, input }) => {
    const page = await listChats(ctx.services.deps, ctx.viewer, {
      ...input, queueId: input.queueId as QueueId | undefined, cursor: input.cursor ?? undefined,
    });
    return { items: page.items.map(toChatView), nextCursor: page.nextCursor };
  }),
  history: authedProcedure.input(HistorySchema).query(async ({ ctx, input }) => {
    const target = 'chatId' in input ? { chatId: input.chatId as ChatId } : { contactId: input.contactId as ContactId };
    const page = await chatHistory(ctx.services.deps, ctx.viewer, { ...target, cursor: input.cursor ?? undefined, limit: input.limit });
    return { items: page.items.map(toMessageView), nextCursor: page.nextCursor };
  }),
});
