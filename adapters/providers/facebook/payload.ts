import * as v from 'valibot';
import { isStorableExactly } from '../text.ts';

// Schemas of what Messenger Platform webhooks carry, loose: Meta adds fields without notice.
// @see https://developers.facebook.com/docs/messenger-platform/webhooks
// @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events

const MAX_ID_CHARS = 1024;
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// Ids arrive as strings (PSIDs, page ids, mids); a number is taken only while JSON carries it exactly.
const IdSchema = v.pipe(v.union([
  v.pipe(
    v.string(),
    v.check((id) => id.trim() !== '', 'must not be empty'),
    v.maxLength(MAX_ID_CHARS, `must be at most ${MAX_ID_CHARS} characters`),
    v.check(isStorableExactly, 'must not contain NUL characters or unpaired UTF-16 surrogates'),
  ),
  v.pipe(v.number(), v.safeInteger('must be a whole number below 2^53')),
], 'must be a string id'), v.transform(String));

/** Unix epoch milliseconds, as Messenger sends every timestamp and watermark. */
const EpochMsSchema = v.pipe(
  v.number('must be Unix epoch milliseconds'),
  v.minValue(0, 'must not be before 1970'),
  v.maxValue(MAX_EPOCH_MS, 'must be before the year 10000 (epoch milliseconds)'),
);

const PartySchema = v.looseObject({ id: IdSchema }, 'must be an object { id }');
// The chat plugin named guests by `user_ref` instead of a PSID.
const SenderSchema = v.looseObject({ id: v.optional(IdSchema), user_ref: v.optional(IdSchema) }, 'must be an object { id }');
const TextSchema = v.string('must be a string');

/** One attachment of a message or an echo: media by URL, location, fallback (shared link), template... */
export const AttachmentSchema = v.looseObject({
  type: v.pipe(v.string('must be a string'), v.maxLength(64, 'must be at most 64 characters')),
  // Before webhook v6.0 a fallback carried title and url beside its payload; since then inside it.
  title: v.nullish(TextSchema),
  url: v.nullish(TextSchema),
  payload: v.nullish(v.looseObject({
    url: v.nullish(TextSchema),
    title: v.nullish(TextSchema),
    sticker_id: v.nullish(IdSchema),
    coordinates: v.nullish(v.looseObject({ lat: v.number('must be a number'), long: v.number('must be a number') })),
  })),
}, 'must be an object { type, payload }');

/** `message` of a `messages` or `message_echoes` event. */
export const MessageSchema = v.looseObject({
  mid: IdSchema,
  text: v.optional(TextSchema),
  is_echo: v.optional(v.boolean('must be a boolean')),
  app_id: v.nullish(IdSchema),
  metadata: v.optional(TextSchema),
  sticker_id: v.nullish(IdSchema),
  quick_reply: v.optional(v.looseObject({ payload: TextSchema })),
  reply_to: v.optional(v.looseObject({ mid: IdSchema, is_self_reply: v.optional(v.boolean()) })),
  attachments: v.optional(v.pipe(v.array(AttachmentSchema, 'must be an array'), v.maxLength(100, 'must hold at most 100 attachments'))),
}, 'must be an object { mid, text?, attachments? }');

const event = <T extends v.ObjectEntries>(entries: T) => v.looseObject({
  sender: SenderSchema, recipient: PartySchema, timestamp: v.optional(EpochMsSchema), ...entries,
}, 'each event must be an object { sender, recipient, timestamp, ... }');

/** A `messages` or `message_echoes` event. */
export const MessageEventSchema = event({ message: MessageSchema });

/** A `messaging_postbacks` event: a button tap. */
export const PostbackEventSchema = event({
  postback: v.looseObject({
    mid: v.optional(IdSchema),
    title: v.nullish(TextSchema),
    payload: v.nullish(TextSchema),
    referral: v.optional(v.unknown()),
  }, 'must be an object { title, payload }'),
});

/** A `message_deliveries` event: every message up to the watermark was delivered. */
export const DeliveryEventSchema = event({
  delivery: v.looseObject({ mids: v.optional(v.array(IdSchema, 'must be an array of ids')), watermark: EpochMsSchema }, 'must be an object { watermark }'),
});

/** A `message_reads` event: every message up to the watermark was read. */
export const ReadEventSchema = event({ read: v.looseObject({ watermark: EpochMsSchema }, 'must be an object { watermark }') });

/** A `message_edits` event: the person changed the text of a message they sent. */
export const MessageEditEventSchema = event({
  message_edit: v.looseObject({ mid: IdSchema, text: TextSchema }, 'must be an object { mid, text }'),
});

const EventListSchema = v.optional(v.array(v.looseObject({}, 'each event must be an object'), 'must be an array'));

/** A Page webhook: entries per Page, each with its `messaging` (or `standby`) events. */
export const FacebookWebhookSchema = v.looseObject({
  object: v.pipe(v.string('must be "page"'), v.check((object) => object === 'page', 'must be "page" (this is not a Messenger webhook of a Page)')),
  entry: v.array(v.looseObject({
    id: IdSchema,
    time: v.optional(EpochMsSchema),
    messaging: EventListSchema,
    standby: EventListSchema,
  }, 'each entry must be an object { id, time, messaging }'), 'must be an array of entries'),
}, 'the body must be a JSON object { object: "page", entry: [...] }');

/** A valid Page webhook: ids as strings. */
export type FacebookWebhook = v.InferOutput<typeof FacebookWebhookSchema>;
/** A valid `message` object. */
export type FacebookMessage = v.InferOutput<typeof MessageSchema>;
/** A valid attachment of a message. */
export type FacebookAttachment = v.InferOutput<typeof AttachmentSchema>;
/** A valid `messages` / `message_echoes` event. */
export type FacebookMessageEvent = v.InferOutput<typeof MessageEventSchema>;
