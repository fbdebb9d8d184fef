import * as v from 'valibot';
import type { InboundEvent } from '../../../application/inbound/inbound-event.ts';
import type { Channel } from '../../../domain/channel.ts';
import { describeIssues } from '../issues.ts';
import type { ParsedWebhook, ProviderOptions, WebhookProvider } from '../provider-module.ts';
import { createTelegramAttachmentLoader } from './attachments.ts';
import { createBotApi } from './client.ts';
import { createTelegramConnector } from './connector.ts';
import { convertUpdate } from './convert.ts';
import { UpdateSchema } from './payload.ts';
import { createTelegramProfileLookup } from './profile.ts';
import { createTelegramSender } from './sender.ts';
import { TELEGRAM_PUBLIC_SETTING_KEYS, TELEGRAM_SECRET_SETTING_KEYS, TelegramSettingsSchema } from './settings.ts';
import { verifyTelegramRequest } from './verify.ts';

/**
 * The Telegram provider (Bot API): one bot per channel, its updates posted by Telegram to
 * `/webhooks/telegram/<channel id>` with the secret token header; private chats only (see convert.ts).
 */
export function createTelegramProvider(options: ProviderOptions): WebhookProvider {
  const api = createBotApi(options);
  return {
    name: 'telegram',
    sender: createTelegramSender(api, options),
    attachments: createTelegramAttachmentLoader(api, options),
    profiles: createTelegramProfileLookup(api, options),
    connector: createTelegramConnector(api, options),
    settingsSchema: TelegramSettingsSchema,
    secretSettingKeys: TELEGRAM_SECRET_SETTING_KEYS,
    publicSettingKeys: TELEGRAM_PUBLIC_SETTING_KEYS,
    verify: verifyTelegramRequest,
    parse: (_channel: Channel, json: unknown): ParsedWebhook => parseTelegramUpdate(json, options.clock.now()),
    replyTo: answerButtonTap,
  };
}

/**
 * A button tap is answered in the webhook's own answer (no extra call, no token in flight), so the
 * customer's app stops showing a spinner on the button.
 * @see https://core.telegram.org/bots/api#making-requests-when-getting-updates
 * @see https://core.telegram.org/bots/api#answercallbackquery
 */
export function answerButtonTap(events: readonly InboundEvent[]): Record<string, unknown> | undefined {
  for (const event of events) {
    const id = event.kind === 'message' ? event.message.metadata?.['callbackQueryId'] : undefined;
    if (typeof id === 'string') return { method: 'answerCallbackQuery', callback_query_id: id };
  }
  return undefined;
}

/** One webhook, one Update (Telegram never batches webhook deliveries): validated, then converted. */
export function parseTelegramUpdate(json: unknown, now: Date): ParsedWebhook {
  // valibot takes an array for an object; a webhook never carries several updates.
  if (Array.isArray(json)) return { ok: false, message: 'the body must be one Telegram Update object, not an array' };
  const result = v.safeParse(UpdateSchema, json);
  if (!result.success) return { ok: false, message: describeIssues(result.issues) };
  return { ok: true, events: convertUpdate(result.output, now) };
}

export { SECRET_TOKEN_HEADER } from './verify.ts';
