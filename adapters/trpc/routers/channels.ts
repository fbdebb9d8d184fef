import * as v from 'valibot';
import { syncChannelConnection } from '../../../application/channels/connect-channel.ts';
import { createChannel } from '../../../application/channels/create-channel.ts';
import { deactivateChannel, listChannels, updateChannel } from '../../../application/channels/update-channel.ts';
import type { Channel } from '../../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../../domain/ids.ts';
import { pageOf } from '../../../application/pagination.ts';
import type { ApiServices } from '../context.ts';
import { byCreation, PageInputSchema } from '../page-input.ts';
import { authedProcedure, router } from '../init.ts';
import { IdSchema, NameSchema, StorableTextSchema } from '../inputs.ts';
import { toChannelView } from '../views.ts';

const SourceSchema = v.pipe(StorableTextSchema, v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(256, 'must be at most 256 characters'));
// Its own message: the default one would quote the value, which may hold a secret.
const SettingsSchema = v.record(v.string(), v.unknown(), 'must be an object of provider settings');

const CreateChannelSchema = v.object({
  name: NameSchema,
  provider: v.pipe(v.string('must be a provider name'), v.maxLength(64, 'must be at most 64 characters')),
  source: SourceSchema,
  queueId: v.optional(IdSchema),
  settings: SettingsSchema,
});

const UpdateChannelSchema = v.object({
  channelId: IdSchema,
  name: v.optional(NameSchema),
  source: v.optional(SourceSchema),
  queueId: v.optional(IdSchema),
  isActive: v.optional(v.boolean()),
  settings: v.optional(SettingsSchema),
});

/** After a change, the messenger is told (webhook registered or removed) and the credentials checked. */
const connected = async (services: ApiServices, channel: Channel) =>
  toChannelView(await syncChannelConnection(services.deps, channel.id), services);

/** Connected messenger accounts (admin only). */
export const channelsRouter = router({
  create: authedProcedure.input(CreateChannelSchema).mutation(async ({ ctx, input }) => {
    const { deps, checkSettings } = ctx.services;
    const settings = checkSettings(input.provider, input.settings);
    const channel = await createChannel(deps, ctx.viewer, { ...input, queueId: input.queueId as QueueId | undefined, settings });
    return connected(ctx.services, channel);
  }),
  list: authedProcedure.input(PageInputSchema).query(async ({ ctx, input }) => {
    const page = pageOf(await listChannels(ctx.services.deps, ctx.viewer), byCreation, input);
    return { items: page.items.map((channel) => toChannelView(channel, ctx.services)), nextCursor: page.nextCursor };
  }),
  update: authedProcedure.input(UpdateChannelSchema).mutation(async ({ ctx, input }) => {
    const channel = await updateChannel(ctx.services.deps, ctx.viewer, {
      ...input, channelId: input.channelId as ChannelId, queueId: input.queueId as QueueId | undefined,
    }, ctx.services.checkSettings);
    return connected(ctx.services, channel);
  }),
  deactivate: authedProcedure.input(v.object({ channelId: IdSchema })).mutation(async ({ ctx, input }) =>
    connected(ctx.services, await deactivateChannel(ctx.services.deps, ctx.viewer, input.channelId as ChannelId))),
});
