import type { ChannelRepository } from '../../application/ports/channel-repository.ts';
import type { Channel } from '../../domain/channel.ts';
import { DomainError, notFound } from '../../domain/errors.ts';
import type { ChannelId } from '../../domain/ids.ts';
import { copyOf, type MemoryState } from './memory-state.ts';

/** Channels in memory, held to the channel repository contract. */
export const createInMemoryChannelRepository = (state: MemoryState): ChannelRepository => ({
  async find(id) {
    const channel = state.channels.get(id);
    return channel && copyOf(channel);
  },
  async get(id: ChannelId) {
    const channel = await this.find(id);
    if (!channel) throw notFound('channel', id);
    return channel;
  },
  async findActiveBySource(provider, source) {
    const channel = [...state.channels.values()].find((c) => c.isActive && c.provider === provider && c.source === source);
    return channel && copyOf(channel);
  },
  async list() {
    return [...state.channels.values()].sort(byCreation).map(copyOf);
  },
  async save(channel: Channel) {
    const clash = [...state.channels.values()].find((c) =>
      c.id !== channel.id && channel.isActive && c.isActive && c.provider === channel.provider && c.source === channel.source);
    if (clash) throw duplicateSource(channel);
    state.channels.set(channel.id, copyOf(channel));
  },
});

const byCreation = (a: Channel, b: Channel) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);

/** Two active channels cannot both answer for one bot, page or number. */
export const duplicateSource = (channel: Channel) =>
  new DomainError('conflict', 'CHANNEL_SOURCE_TAKEN', `an active ${channel.provider} channel with source ${channel.source} exists already`);
