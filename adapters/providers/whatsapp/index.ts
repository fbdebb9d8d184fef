import * as v from 'valibot';
import type { InboundEvent } from '../../../application/inbound/inbound-event.ts';
import { describeIssues } from '../issues.ts';
import type { ParsedWebhook, ProviderOptions, WebhookProvider } from '../provider-module.ts';
import { createWhatsAppAttachmentLoader } from './attachments.ts';
import { createWhatsAppConnector } from './connector.ts';
import { convertMessagesValue } from './convert.ts';
import { textOf } from './json.ts';
import { MessagesValueSchema, WebhookSchema } from './payload.ts';
import { createWhatsAppSender } from './sender.ts';
import { WHATSAPP_PUBLIC_SETTING_KEYS, WHATSAPP_SECRET_SETTING_KEYS, WhatsAppSettingsSchema } from './settings.ts';
import { verifyWhatsAppRequest, whatsAppHandshake } from './verify.ts';

/**
 * The WhatsApp Cloud API provider: one channel per business phone number (`source` = its
 * phone_number_id). One Meta app posts every number's webhooks, so each event names its number as
 * `source`. No profile lookup: WhatsApp has none; the sender's name comes with each message.
 */
export function createWhatsAppProvider(options: ProviderOptions): WebhookProvider {
  return {
    name: 'whatsapp',
    sender: createWhatsAppSender(options),
    attachments: createWhatsAppAttachmentLoader(options),
    connector: createWhatsAppConnector(options),
    profiles: undefined,
    settingsSchema: WhatsAppSettingsSchema,
    secretSettingKeys: WHATSAPP_SECRET_SETTING_KEYS,
    publicSettingKeys: WHATSAPP_PUBLIC_SETTING_KEYS,
    verify: verifyWhatsAppRequest,
    handshake: whatsAppHandshake,
    parse: (_channel, json) => parseWhatsAppWebhook(json),
  };
}

/**
 * Every entry and change of a webhook, for every number it names: `messages` changes become
 * messages and receipts; other fields (account updates, templates...) are ignored with a reason.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 */
export function parseWhatsAppWebhook(json: unknown): ParsedWebhook {
  const envelope = v.safeParse(WebhookSchema, json);
  if (!envelope.success) return { ok: false, message: describeIssues(envelope.issues) };
  const events: InboundEvent[] = [];
  for (const [i, entry] of envelope.output.entry.entries()) {
    for (const [j, change] of entry.changes.entries()) {
      if (change.field !== 'messages') {
        events.push({ kind: 'ignored', reason: `the WhatsApp webhook field "${textOf(change.field) ?? ''}" is not handled` });
        continue;
      }
      const value = v.safeParse(MessagesValueSchema, change.value);
      if (!value.success) return { ok: false, message: `entry.${i}.changes.${j}.value: ${describeIssues(value.issues)}` };
      events.push(...convertMessagesValue(value.output));
    }
  }
  return { ok: true, events };
}

export { signWhatsAppBody, SIGNATURE_HEADER } from './verify.ts';
