import * as v from 'valibot';
import type { ProviderRegistry } from '../../application/ports/provider.ts';
import type { ChannelSettings } from '../../domain/channel.ts';
import { DomainError } from '../../domain/errors.ts';
import { createCustomProvider } from './custom/index.ts';
import { createFacebookProvider } from './facebook/index.ts';
import { createTelegramProvider } from './telegram/index.ts';
import { createWhatsAppProvider } from './whatsapp/index.ts';
import { describeIssues } from './issues.ts';
import type { ProviderOptions, WebhookProvider } from './provider-module.ts';

/** Every provider, by name [Creatio's ClassFactory.Bind in AppEventListener]. */
export interface WebhookProviderRegistry extends ProviderRegistry {
  find(name: string): WebhookProvider | undefined;
  readonly names: readonly string[];
  /** A channel's settings as its provider's schema makes them; DomainError invalid when they are wrong. */
  checkSettings(provider: string, settings: unknown): ChannelSettings;
  /** The settings a provider names as safe to show (e.g. Meta's verify token, to paste in its dashboard). */
  publicSettingsOf(provider: string, settings: ChannelSettings): ChannelSettings;
}

/** The registry: adding a provider is one line here (and its folder). */
export function createProviderRegistry(options: ProviderOptions): WebhookProviderRegistry {
  const providers: readonly WebhookProvider[] = [
    createCustomProvider(options),
    createFacebookProvider(options),
    createTelegramProvider(options),
    createWhatsAppProvider(options),
  ];
  const byName = new Map(providers.map((provider) => [provider.name, provider]));
  return {
    find: (name) => byName.get(name),
    names: [...byName.keys()],
    publicSettingsOf(provider, settings) {
      // An allow-list: a URL may carry a token too, so only what the provider names as public is shown.
      const shown = new Set(byName.get(provider)?.publicSettingKeys ?? []);
      return Object.fromEntries(Object.entries(settings).filter(([key]) => shown.has(key)));
    },
    checkSettings(provider, settings) {
      const module = byName.get(provider);
      if (!module) throw new DomainError('invalid', 'UNKNOWN_PROVIDER', `no provider is called ${provider}; known: ${[...byName.keys()].join(', ')}`);
      const result = v.safeParse(module.settingsSchema, settings);
      if (!result.success) throw new DomainError('invalid', 'INVALID_SETTINGS', `${provider} settings: ${describeIssues(result.issues)}`);
      return result.output;
    },
  };
}
