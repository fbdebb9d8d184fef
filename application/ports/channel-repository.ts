import type { Channel } from '../../domain/channel.ts';
import type { ChannelId } from '../../domain/ids.ts';

/** Connected messenger accounts. `(provider, source)` is unique among active channels. */
export interface ChannelRepository {
  find(id: ChannelId): Promise<Channel | undefined>;
  /** Throws not_found. */
  get(id: ChannelId): Promise<Channel>;
  /** The active channel of a provider that a messenger addresses by its own id (page id, phone number id). */
  findActiveBySource(provider: string, source: string): Promise<Channel | undefined>;
  list(): Promise<Channel[]>;
  /** Inserts or updates; throws conflict when another active channel has the same (provider, source). */
  save(channel: Channel): Promise<void>;
}
