import type { Channel, ConnectionCheck } from '../../domain/channel.ts';
import type { AttachmentLoader } from './attachment-loader.ts';
import type { OutboundSender } from './outbound-sender.ts';
import type { ProfileLookup } from './profile-lookup.ts';

/** Connects a channel to its messenger: registers the webhook where the platform allows it, and checks the credentials. */
export interface ChannelConnector {
  /** Registers the webhook (when this service's public URL is known) and tells whether the credentials work. */
  connect(channel: Channel): Promise<ConnectionCheck>;
  /** Unregisters the webhook, where the platform has one to unregister. */
  disconnect(channel: Channel): Promise<void>;
}

/** What the core needs of a messenger provider; its webhook side lives with the HTTP edge. */
export interface ProviderModule {
  readonly name: string;
  readonly profiles?: ProfileLookup | undefined;
  readonly attachments?: AttachmentLoader | undefined;
  readonly sender?: OutboundSender | undefined;
  readonly connector?: ChannelConnector | undefined;
}

/** Provider name -> module [Creatio's ClassFactory.Bind in AppEventListener]. */
export interface ProviderRegistry {
  find(name: string): ProviderModule | undefined;
}
