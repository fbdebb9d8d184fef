import * as v from 'valibot';
import { storableText } from '../text.ts';
import type { Content, ContentReader } from './content.ts';
import { compact, storableJson, textOf } from './json.ts';
import type { WhatsAppError } from './payload.ts';

// Everything here has no unified message type: it is stored as `unsupported` with a readable line
// and what WhatsApp told in metadata, never dropped (an agent may still want to answer it).

const unsupported = (whatsappType: string, text: string, details?: Record<string, unknown>): Content => ({
  type: 'unsupported', text, attachments: [], metadata: { whatsapp: compact({ type: storableText(whatsappType), ...details }) },
});

/**
 * reaction: the customer reacted to a message (an empty emoji removes the reaction). Kept as an
 * unsupported message rather than ignored: the agent sees the customer answered.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/reaction
 */
export const reactionReader: ContentReader = (content) => {
  const parsed = v.safeParse(v.looseObject({ message_id: v.optional(v.string()), emoji: v.optional(v.string()) }), content);
  if (!parsed.success) return undefined;
  const emoji = textOf(parsed.output.emoji);
  const reaction = compact({ emoji, messageId: textOf(parsed.output.message_id) });
  return unsupported('reaction', emoji ? `Reacted ${emoji} to a message` : 'Removed a reaction', { reaction });
};

const Amount = v.optional(v.union([v.number(), v.string()]));
const OrderSchema = v.looseObject({
  catalog_id: v.optional(v.string()),
  text: v.optional(v.string()),
  product_items: v.optional(v.array(v.looseObject({ product_retailer_id: v.optional(v.string()), quantity: Amount, item_price: Amount, currency: v.optional(v.string()) }))),
});

/**
 * order: a cart sent from a catalog; the items are listed in the text and kept in metadata.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/order
 */
export const orderReader: ContentReader = (content) => {
  const parsed = v.safeParse(OrderSchema, content);
  if (!parsed.success) return undefined;
  const items = (parsed.output.product_items ?? []).map((item) =>
    `${String(storableJson(item.quantity) ?? '?')} × ${textOf(item.product_retailer_id) ?? 'item'}` +
    (item.item_price !== undefined ? ` (${String(storableJson(item.item_price))}${item.currency ? ` ${textOf(item.currency)}` : ''})` : ''));
  const note = textOf(parsed.output.text);
  const text = [`Order${items.length ? `: ${items.join(', ')}` : ''}`, note].filter(Boolean).join('\n');
  return unsupported('order', text, { order: storableJson(content) });
};

/**
 * system: WhatsApp tells that the customer changed number or business-scoped id; its body says so.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/system
 */
export const systemReader: ContentReader = (content) => {
  const parsed = v.safeParse(v.looseObject({ body: v.optional(v.string()), type: v.optional(v.string()) }), content);
  if (!parsed.success) return undefined;
  const kind = textOf(parsed.output.type);
  return unsupported('system', textOf(parsed.output.body) ?? `System notice${kind ? ` (${kind})` : ''}`, { system: storableJson(content) });
};

/** request_welcome: the customer opened the chat for the first time and wrote nothing yet. */
export const requestWelcome = (): Content => unsupported('request_welcome', 'The customer opened a chat with the business for the first time');

/**
 * unsupported (formerly unknown): a message the Cloud API cannot pass on (a poll, an edit, a view-once
 * photo...), described by its `errors` and `unsupported.type`.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/unsupported
 */
export function unsupportedMessage(type: string, message: Record<string, unknown>, errors: readonly WhatsAppError[]): Content {
  const inner = message.unsupported as { type?: unknown } | undefined;
  const kind = textOf(typeof inner === 'object' && inner !== null ? inner.type : undefined);
  const error = errors[0];
  const why = error ? textOf(error.error_data?.details) ?? textOf(error.message) ?? textOf(error.title) : undefined;
  const text = `Unsupported WhatsApp message${kind ? ` (${kind})` : ''}${why ? `: ${why}` : ''}`;
  return unsupported(type, text, { unsupportedType: kind, errors: errors.length ? storableJson(errors) : undefined });
}

/** A type this provider does not know (WhatsApp adds types), or a known one whose content could not be read. */
export function unreadableMessage(type: string, message: Record<string, unknown>, known: boolean): Content {
  // A media object's short-lived `url` is not kept: the media id is the reference.
  const { url: _url, ...content } = isObject(message[type]) ? message[type] : {};
  const raw = Object.hasOwn(message, type) ? storableJson(isObject(message[type]) ? content : message[type]) : undefined;
  const text = known ? `WhatsApp ${type} message that could not be read` : `Unsupported WhatsApp message type "${textOf(type) ?? '?'}"`;
  return unsupported(type, text, { content: raw });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
