import * as v from 'valibot';
import type { InboundEvent } from '../../../application/inbound/inbound-event.ts';
import type { InboundMessage } from '../../../application/inbound/inbound-message.ts';
import type { ProfileData } from '../../../domain/contact.ts';
import { contactsReader, locationReader, mediaReader, textReader, type Content, type ContentReader } from './content.ts';
import { compact, storableJson, textOf } from './json.ts';
import { ErrorSchema, type MessagesValue, type WhatsAppMessage } from './payload.ts';
import { buttonReader, interactiveReader } from './replies.ts';
import { convertStatus } from './status.ts';
import { orderReader, reactionReader, requestWelcome, systemReader, unreadableMessage, unsupportedMessage } from './unsupported.ts';

/**
 * Every message type the Cloud API sends to a business number, by `message.type`.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 */
const READERS: Readonly<Record<string, ContentReader>> = {
  text: textReader,
  image: mediaReader('image'),
  video: mediaReader('video'),
  audio: mediaReader('audio'),
  document: mediaReader('file'),
  sticker: mediaReader('sticker'),
  location: locationReader,
  contacts: contactsReader,
  button: buttonReader,
  interactive: interactiveReader,
  reaction: reactionReader,
  order: orderReader,
  system: systemReader,
  request_welcome: requestWelcome,
};

/**
 * The events of one `messages` change: its messages (each sender's profile matched from `contacts`
 * by wa_id), receipts for what the business sent, and account-level errors (ignored, with the reason).
 * Every event names the business phone number it is for as its `source`.
 */
export function convertMessagesValue(value: MessagesValue): InboundEvent[] {
  const source = value.metadata.phone_number_id;
  const profiles = profilesOf(value);
  const events: InboundEvent[] = (value.messages ?? []).map((message) => ({
    kind: 'message', source, message: convertMessage(message, profiles(message)),
  }));
  for (const status of value.statuses ?? []) events.push({ source, ...convertStatus(status) });
  for (const error of value.errors ?? []) {
    events.push({ kind: 'ignored', source, reason: `WhatsApp reported an error: ${textOf(error.message) ?? textOf(error.title) ?? 'unknown'}` });
  }
  return events;
}

/** One message in the unified shape; the wamid is both its id and its idempotency key (WhatsApp redelivers for 7 days). */
export function convertMessage(message: WhatsAppMessage, profile: ProfileData | undefined): InboundMessage {
  const content = contentOf(message);
  const metadata = { ...content.metadata, ...contextOf(message) };
  return {
    idempotencyKey: message.id,
    externalId: message.id,
    // A user with a username may come without a phone number: their business-scoped id stands in.
    sender: { externalId: (message.from ?? message.from_user_id) as string, profile },
    type: content.type,
    text: content.text,
    sentAt: message.timestamp,
    attachments: content.attachments,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  };
}

function contentOf(message: WhatsAppMessage): Content {
  const { type } = message;
  const parsedErrors = v.safeParse(v.array(ErrorSchema), message.errors);
  const errors = parsedErrors.success ? parsedErrors.output : [];
  if (type === 'unsupported' || type === 'unknown') return unsupportedMessage(type, message, errors);
  // Own keys only: the type comes from the payload, and 'constructor' must not find Object's.
  const reader = Object.hasOwn(READERS, type) ? READERS[type] : undefined;
  return reader?.(message[type]) ?? unreadableMessage(type, message, reader !== undefined);
}

/**
 * A reply (`context.id` of the quoted message), a forward, a product enquiry, a click-to-WhatsApp ad
 * (`referral`) or a group: kept beside the content.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/text
 */
function contextOf(message: WhatsAppMessage): Record<string, unknown> {
  const context = isObject(message.context) ? message.context : undefined;
  const reply = context && compact({
    replyTo: textOf(context.id),
    replyToFrom: textOf(context.from),
    forwarded: context.forwarded === true ? true : undefined,
    frequentlyForwarded: context.frequently_forwarded === true ? true : undefined,
    referredProduct: isObject(context.referred_product) ? storableJson(context.referred_product) : undefined,
  });
  return compact({
    context: reply,
    referral: isObject(message.referral) ? storableJson(message.referral) : undefined,
    groupId: textOf(message.group_id),
  }) ?? {};
}

/**
 * Senders are listed apart from messages: each message's `from` is matched to `contacts[].wa_id`
 * (or `from_user_id` to `user_id`). WhatsApp gives one display name: it becomes the first name
 * whole, since splitting names by spaces is wrong for many of them.
 */
function profilesOf(value: MessagesValue): (message: WhatsAppMessage) => ProfileData | undefined {
  const contacts = value.contacts ?? [];
  return (message) => {
    const contact = contacts.find((c) => (message.from !== undefined && c.wa_id === message.from)
      || (message.from_user_id !== undefined && c.user_id === message.from_user_id));
    const firstName = textOf(contact?.profile?.name?.trim());
    const username = textOf(contact?.profile?.username?.trim());
    return firstName || username ? { firstName, username } : undefined;
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
