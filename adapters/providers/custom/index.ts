import * as v from 'valibot';
import type { Channel } from '../../../domain/channel.ts';
import { describeIssues } from '../issues.ts';
import type { ParsedWebhook, ProviderOptions, WebhookProvider, WebhookRequest } from '../provider-module.ts';
import { createCustomAttachmentLoader } from './attachments.ts';
import { convertCustomMessage } from './convert.ts';
import { CustomMessageSchema } from './payload.ts';
import { createCustomSender } from './sender.ts';
import { CUSTOM_SECRET_SETTING_KEYS, CustomSettingsSchema } from './settings.ts';
import { verifyCustomRequest } from './verify.ts';

/**
 * The custom provider: any system that speaks Switchboard's unified JSON, signed with the
 * channel's secret, in both directions. No profile lookup: the payload names no one.
 */
export function createCustomProvider(options: ProviderOptions): WebhookProvider {
  return {
    name: 'custom',
    sender: createCustomSender(options),
    attachments: createCustomAttachmentLoader(options),
    profiles: undefined,
    settingsSchema: CustomSettingsSchema,
    secretSettingKeys: CUSTOM_SECRET_SETTING_KEYS,
    verify: verifyCustomRequest,
    parse: parseCustomWebhook,
  };
}

/** One webhook, one message: validates the JSON and converts it. */
export function parseCustomWebhook(_channel: Channel, json: unknown, request: WebhookRequest): ParsedWebhook {
  const result = v.safeParse(CustomMessageSchema, json);
  if (!result.success) return { ok: false, message: describeIssues(result.issues) };
  return { ok: true, events: [{ kind: 'message', message: convertCustomMessage(result.output, request.rawBody) }] };
}

export { signBody, SIGNATURE_HEADER } from './verify.ts';
