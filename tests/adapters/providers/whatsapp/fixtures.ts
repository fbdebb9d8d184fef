import { Channel, type ChannelSettings } from '../../../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../../../domain/ids.ts';
import { signWhatsAppBody } from '../../../../adapters/providers/whatsapp/index.ts';
import type { WebhookRequest } from '../../../../adapters/providers/provider-module.ts';
import { NOW, utf8 } from '../custom-fixtures.ts';

// Payloads below follow the examples of Meta's webhook reference, one per message type.
// @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages

export const PHONE_NUMBER_ID = '106540352242922';
export const OTHER_NUMBER_ID = '27681414235104944';
export const CUSTOMER = '16505551234';
export const APP_SECRET = 'whatsapp-app-secret-0123456789';
export const ACCESS_TOKEN = 'fake-access-token-0123456789';
export const VERIFY_TOKEN = 'verify-me-please';
export const SHA = '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3';

/** Settings of a test channel; `apiBaseUrl` points at a fake. */
export const settings = (apiBaseUrl?: string): Record<string, unknown> => ({
  accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, ...(apiBaseUrl ? { apiBaseUrl } : {}),
});

/** A WhatsApp channel for a business number. */
export const whatsAppChannel = (channelSettings: ChannelSettings = settings(), source = PHONE_NUMBER_ID): Channel => new Channel({
  id: '01900000-0000-7000-8000-0000000000b1' as ChannelId, name: 'Support line', provider: 'whatsapp', source,
  queueId: '01900000-0000-7000-8000-0000000000aa' as QueueId, settings: channelSettings, createdAt: NOW,
});

/** The request Meta sends for a body: signed with the app secret over its exact bytes. */
export const signedRequest = (body: string, secret = APP_SECRET): WebhookRequest => ({
  headers: new Headers({ 'x-hub-signature-256': signWhatsAppBody(secret, utf8(body)) }), rawBody: utf8(body),
});

/** A whole webhook: one entry with one change of `field`. */
export const webhook = (value: unknown, field = 'messages') => ({
  object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ value, field }] }],
});

/** The `value` of a messages change for a number, with the customer listed in `contacts`. */
export const messagesValue = (messages: unknown[], phoneNumberId = PHONE_NUMBER_ID, contacts: unknown[] = [customerContact()]) => ({
  messaging_product: 'whatsapp',
  metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
  contacts,
  messages,
});

/** `contacts[]` entry of the sender. */
export const customerContact = (waId = CUSTOMER, name = 'Sheena Nelson') => ({ profile: { name }, wa_id: waId });

let counter = 0;
/** A message of `type` with its content under `message[type]`. */
export const message = (type: string, content: unknown, extra: Record<string, unknown> = {}) => ({
  from: CUSTOMER, id: `wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA${(counter += 1)}`, timestamp: '1749416383', type,
  ...(content === undefined ? {} : { [type]: content }), ...extra,
});

/** A receipt for a message the business sent. */
export const status = (id: string, value: string, extra: Record<string, unknown> = {}) => ({
  id, status: value, timestamp: '1750263773', recipient_id: CUSTOMER, ...extra,
});

/** The contents of every documented inbound type. */
export const CONTENTS = {
  text: { body: 'Does it come in another color?' },
  image: { caption: 'Black jacket', mime_type: 'image/jpeg', sha256: SHA, id: '1003383421387256', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1749&hash=ATt' },
  video: { caption: 'Unboxing', mime_type: 'video/mp4', sha256: SHA, id: '1166846181421424' },
  audio: { mime_type: 'audio/mpeg', sha256: SHA, id: '1003383421387257', voice: false },
  voice: { mime_type: 'audio/ogg; codecs=opus', sha256: SHA, id: '1003383421387258', voice: true },
  document: { caption: 'My receipt', filename: 'receipt-2025.pdf', mime_type: 'application/pdf', sha256: SHA, id: '1003383421387259' },
  sticker: { mime_type: 'image/webp', sha256: SHA, id: '1003383421387260', animated: false },
  location: { address: '1 Hacker Way, Menlo Park, CA 94025', latitude: 37.483307, longitude: -122.148981, name: 'Philz Coffee', url: 'https://www.philzcoffee.com/' },
  contacts: [{
    birthday: '1999-01-23', emails: [{ email: 'pablomorales@example.com', type: 'WORK' }],
    name: { first_name: 'Pablo', last_name: 'Morales', formatted_name: 'Pablo Morales' },
    org: { company: 'Lucky Shrub', title: 'Manager' },
    phones: [{ phone: '+1 (940) 555-1234', wa_id: '19405551234', type: 'HOME' }],
  }],
  button: { payload: 'Unsubscribe from Promos', text: 'Unsubscribe' },
  button_reply: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
  list_reply: { type: 'list_reply', list_reply: { id: 'priority_express', title: 'Express Shipping', description: 'Next Day to 2 Days' } },
  reaction: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA', emoji: '\u{1F600}' },
  order: { catalog_id: '194836987003835', text: 'Is this in stock?', product_items: [{ product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 30, currency: 'USD' }] },
  system: { body: 'Sheena Nelson changed their phone number to a new number 16505551235', wa_id: '16505551235', type: 'user_changed_number' },
};

/** Meta's `unsupported` message (a type the Cloud API cannot pass on). */
export const unsupportedMessage = () => message('unsupported', { type: 'edit' }, {
  errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
});
