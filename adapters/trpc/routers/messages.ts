import * as v from 'valibot';
import { sendMessage, type SendMessageInput } from '../../../application/messages/send-message.ts';
import type { ChatId, FileId } from '../../../domain/ids.ts';
import { authedProcedure, router } from '../init.ts';
import { IdSchema, StorableTextSchema } from '../inputs.ts';
import { toMessageView } from '../views.ts';

/** Generous for every messenger; a platform's own lower limit comes back as the message's failure reason. */
const MAX_TEXT_CHARS = 20_000;
const MAX_ATTACHMENTS = 10;

const FileRefSchema = v.object({ fileId: v.pipe(StorableTextSchema, v.minLength(1, 'must not be empty'), v.maxLength(128, 'must be at most 128 characters')) });

const SendSchema = v.object({
  chatId: IdSchema,
  text: v.optional(v.pipe(StorableTextSchema, v.maxLength(MAX_TEXT_CHARS, `must be at most ${MAX_TEXT_CHARS} characters`))),
  attachments: v.optional(v.pipe(v.array(FileRefSchema), v.maxLength(MAX_ATTACHMENTS, `must be at most ${MAX_ATTACHMENTS} files`))),
  idempotencyKey: v.optional(v.pipe(StorableTextSchema, v.minLength(1, 'must not be empty'), v.maxLength(200, 'must be at most 200 characters'))),
});

const toSendInput = (input: v.InferOutput<typeof SendSchema>): SendMessageInput => ({
  ...input, chatId: input.chatId as ChatId, attachments: input.attachments?.map((a) => ({ fileId: a.fileId as FileId })),
});

/** Agents' outgoing messages. */
export const messagesRouter = router({
  send: authedProcedure.input(SendSchema).mutation(async ({ ctx, input }) => toMessageView(await sendMessage(ctx.services.deps, ctx.viewer, toSendInput(input)))),
});
