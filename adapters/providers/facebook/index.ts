import * as v from 'valibot';
import type { Channel } from '../../../domain/channel.ts';
import { describeIssues } from '../issues.ts';
import type { ParsedWebhook, ProviderOptions, WebhookProvider } from '../provider-module.ts';
import { createFacebookAttachmentLoader } from './attachments.ts';
import { createFacebookConnector } from './connector.ts';
import { convertFacebookWebhook } from './convert.ts';
import { FacebookWebhookSchema } from './payload.ts';
import { createFacebookProfileLookup } from './profile.ts';
import { createFacebookSender } from './sender.ts';
import { FACEBOOK_PUBLIC_SETTING_KEYS, FACEBOOK_SECRET_SETTING_KEYS, FacebookSettingsSchema } from './settings.ts';
import { facebookHandshake, verifyFacebookRequest } from './verify.ts';

/**
 * The Facebook Messenger provider [Creatio's FacebookOmnichannelMessagingService]: Page webhooks
 * signed with the app secret (one app may serve several Pages: each event names its Page), the
 * Send API for replies, Graph for profiles and the token check. Channel `source` = the Page id.
 * @see https://developers.facebook.com/docs/messenger-platform
 */
export function createFacebookProvider(options: ProviderOptions): WebhookProvider {
  return {
    name: 'facebook',
    sender: createFacebookSender(options),
    attachments: createFacebookAttachmentLoader(options),
    profiles: createFacebookProfileLookup(options),
    connector: createFacebookConnector(options),
    settingsSchema: FacebookSettingsSchema,
    secretSettingKeys: FACEBOOK_SECRET_SETTING_KEYS,
    publicSettingKeys: FACEBOOK_PUBLIC_SETTING_KEYS,
    verify: verifyFacebookRequest,
    parse: parseFacebookWebhook,
    handshake: facebookHandshake,
  };
}

/** Validates a Page webhook's JSON and converts every event of every entry. */
export function parseFacebookWebhook(_channel: Channel, json: unknown): ParsedWebhook {
  const result = v.safeParse(FacebookWebhookSchema, json);
  if (!result.success) return { ok: false, message: describeIssues(result.issues) };
  return convertFacebookWebhook(result.output);
}

export { PAGE_INBOX_APP_ID } from './sender.ts';
export { SIGNATURE_HEADER, signFacebookBody } from './verify.ts';
