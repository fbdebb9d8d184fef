import type { ChannelConnector } from '../../../application/ports/provider.ts';
import type { ConnectionCheck } from '../../../domain/channel.ts';
import { fetchFailureReason } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { graphCall } from './graph.ts';
import { reasonOf, redact } from './graph-outcomes.ts';
import { readFacebookSettings } from './settings.ts';

/**
 * Checks a Facebook channel's token with Graph `GET /me?fields=id,name`: with a Page access
 * token, `me` is the Page, which must be the channel's `source`. There is nothing to register:
 * Meta webhooks are set in the app dashboard (with the URL and verify token the channel view shows).
 * @see https://developers.facebook.com/docs/pages-api/overview#page-access-tokens
 */
export function createFacebookConnector(options: ProviderOptions): ChannelConnector {
  return {
    async connect(channel): Promise<ConnectionCheck> {
      const settings = readFacebookSettings(channel);
      if (!settings) return { ok: false, detail: 'channel settings are not valid facebook settings' };
      try {
        const answer = await graphCall(settings, options)('/me', { query: { fields: 'id,name' } });
        if (answer.error?.code === 190) return { ok: false, detail: 'the page access token was refused (invalid or expired)' };
        if (answer.status < 200 || answer.status >= 300) {
          return { ok: false, detail: redact(reasonOf(answer), [settings.pageAccessToken, settings.appSecret]) };
        }
        const id = (answer.data as { id?: unknown } | undefined)?.id;
        const pageId = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
        if (pageId === channel.source) return { ok: true, detail: null };
        return { ok: false, detail: pageId ? `the token belongs to page ${pageId}, not to page ${channel.source}` : 'Graph did not say which page the token belongs to' };
      } catch (error) {
        return { ok: false, detail: `the Graph API could not be reached: ${fetchFailureReason(error)}` };
      }
    },
    // Webhook subscriptions live in the Meta dashboard: there is nothing to undo here.
    async disconnect() {},
  };
}
