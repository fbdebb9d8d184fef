import type { ChannelConnector } from '../../../application/ports/provider.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { failureReason, type BotApi } from './client.ts';
import { botAccessOf, readTelegramSettings } from './settings.ts';

/** The updates a channel needs; others (group joins, reactions, polls...) are never sent to us. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/**
 * Connects a bot: getMe checks the token, then setWebhook points Telegram at this channel's URL
 * with its secret token (when the service's public URL is known); disconnect is deleteWebhook.
 * Nothing here throws with the token in it: the detail is stored and shown on the channel.
 * @see https://core.telegram.org/bots/api#getme and #setwebhook
 */
export function createTelegramConnector(api: BotApi, options: ProviderOptions): ChannelConnector {
  return {
    async connect(channel) {
      const settings = readTelegramSettings(channel);
      const access = botAccessOf(channel);
      if (!settings || !access) return { ok: false, detail: 'the channel settings are not valid Telegram settings' };
      const me = await api(access, 'getMe', {});
      if (me.kind === 'error' && [401, 404].includes(me.errorCode)) return { ok: false, detail: 'the bot token was refused' };
      if (me.kind !== 'ok') return { ok: false, detail: `the bot token could not be checked: ${failureReason(me)}` };
      const bot = botName(me.result);
      const url = options.webhookUrl?.(channel);
      if (!url) return { ok: true, detail: `the token works (${bot}); no webhook registered: the service's public URL is not set` };
      const set = await api(access, 'setWebhook', { url, secret_token: settings.secretToken, allowed_updates: ALLOWED_UPDATES });
      if (set.kind !== 'ok') return { ok: false, detail: `the token works (${bot}), but setWebhook failed: ${failureReason(set)}` };
      return { ok: true, detail: `webhook registered as ${bot}` };
    },
    async disconnect(channel) {
      const access = botAccessOf(channel);
      if (!access) return;
      const answer = await api(access, 'deleteWebhook', {});
      if (answer.kind !== 'ok') throw new Error(`deleteWebhook failed: ${failureReason(answer)}`);
    },
  };
}

/** `@username` of the bot getMe describes (bots always have one), else its id. */
function botName(result: unknown): string {
  const me = (result ?? {}) as { username?: unknown; id?: unknown };
  if (typeof me.username === 'string' && /^\w{1,64}$/.test(me.username)) return `@${me.username}`;
  return Number.isSafeInteger(me.id) ? `bot ${String(me.id)}` : 'the bot';
}
