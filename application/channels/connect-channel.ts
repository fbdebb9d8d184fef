import type { Channel } from '../../domain/channel.ts';
import type { ChannelId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';

type ConnectDeps = Pick<Deps, 'transaction' | 'clock' | 'providers'>;

/**
 * Brings the messenger in line with the channel: an active channel registers its webhook and
 * checks its credentials (the result is stored and shown), an inactive one unregisters. Runs after
 * the channel is committed; a failure of the messenger is recorded, not thrown.
 */
export async function syncChannelConnection(deps: ConnectDeps, channelId: ChannelId): Promise<Channel> {
  const channel = await deps.transaction.run(({ channels }) => channels.get(channelId));
  const connector = deps.providers.find(channel.provider)?.connector;
  if (!connector) return channel;
  if (!channel.isActive) {
    await connector.disconnect(channel).catch(() => undefined);
    return channel;
  }
  const check = await connector.connect(channel).catch((error: unknown) => ({ ok: false, detail: reasonOf(error) }));
  return deps.transaction.run(async ({ channels }) => {
    const current = await channels.get(channelId);
    current.recordConnection(check, deps.clock.now());
    await channels.save(current);
    return current;
  });
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : 'the messenger could not be reached');
