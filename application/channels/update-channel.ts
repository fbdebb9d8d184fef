import type { Channel, ChannelSettings } from '../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';

export interface UpdateChannelInput {
  readonly channelId: ChannelId;
  readonly name?: string | undefined;
  readonly source?: string | undefined;
  readonly queueId?: QueueId | undefined;
  readonly isActive?: boolean | undefined;
  /** Only the settings to change; the others keep their values (so a token need not be sent again); null removes one. */
  readonly settings?: ChannelSettings | undefined;
}

/** Changes a channel; `checkSettings` (the provider's schema, from the edge) vets the merged settings. */
export async function updateChannel(
  deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: UpdateChannelInput,
  checkSettings: (provider: string, merged: ChannelSettings) => ChannelSettings,
): Promise<Channel> {
  requireAdmin(viewer);
  return deps.transaction.run(async ({ channels, queues }) => {
    const channel = await channels.get(input.channelId);
    if (input.queueId) channel.queueId = (await queues.get(input.queueId)).id;
    if (input.name !== undefined) channel.name = input.name;
    if (input.source !== undefined) channel.source = input.source;
    if (input.settings) channel.settings = checkSettings(channel.provider, mergeSettings(channel.settings, input.settings));
    if (input.isActive === true) channel.activate();
    if (input.isActive === false) channel.deactivate();
    await channels.save(channel);
    return channel;
  });
}

/** Disconnects a channel: its webhooks answer 404 from now on; its chats and history stay. */
export async function deactivateChannel(deps: Pick<Deps, 'transaction'>, viewer: Viewer, channelId: ChannelId): Promise<Channel> {
  requireAdmin(viewer);
  return deps.transaction.run(async ({ channels }) => {
    const channel = await channels.get(channelId);
    channel.deactivate();
    await channels.save(channel);
    return channel;
  });
}

/** Every channel, active or not. */
export async function listChannels(deps: Pick<Deps, 'transaction'>, viewer: Viewer): Promise<Channel[]> {
  requireAdmin(viewer);
  return deps.transaction.run(({ channels }) => channels.list());
}

/** The stored settings with the given ones over them; a null value removes its key (e.g. an outboundUrl). */
function mergeSettings(stored: ChannelSettings, changes: ChannelSettings): ChannelSettings {
  return Object.fromEntries(Object.entries({ ...stored, ...changes }).filter(([, value]) => value !== null));
}
