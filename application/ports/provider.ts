import type { AttachmentLoader } from './attachment-loader.ts';
import type { OutboundSender } from './outbound-sender.ts';
import type { ProfileLookup } from './profile-lookup.ts';

/** What the core needs of a messenger provider; its webhook side lives with the HTTP edge. */
export interface ProviderModule {
  readonly name: string;
  readonly profiles?: ProfileLookup | undefined;
  readonly attachments?: AttachmentLoader | undefined;
  readonly sender?: OutboundSender | undefined;
}

/** Provider name -> module [Creatio's ClassFactory.Bind in AppEventListener]. */
export interface ProviderRegistry {
  find(name: string): ProviderModule | undefined;
}
