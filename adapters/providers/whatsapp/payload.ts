import * as v from 'valibot';
import { isStorableExactly } from '../text.ts';

const MAX_ID_CHARS = 512;
const MAX_EPOCH_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

// Ids arrive as strings; a number is taken only while JSON carries it exactly (below 2^53).
/** A WhatsApp id (wamid, phone number id, wa_id, media id) as a string stored exactly as received. */
export const IdSchema = v.pipe(v.union([
  v.pipe(
    v.string(),
    v.check((id) => id.trim() !== '', 'must not be empty'),
    v.maxLength(MAX_ID_CHARS, `must be at most ${MAX_ID_CHARS} characters`),
    v.check(isStorableExactly, 'must not contain NUL characters or unpaired UTF-16 surrogates'),
  ),
  v.pipe(v.number(), v.safeInteger('must be a whole number below 2^53 (or a string)'), v.minValue(0, 'must not be negative')),
], 'must be a string id'), v.transform(String));

/**
 * Cloud API timestamps: Unix seconds as a string (`"1504902988"`); a number is taken too.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 */
export const TimestampSchema = v.pipe(
  v.union([
    v.pipe(v.string(), v.regex(/^\d{1,12}$/, 'must be Unix seconds as a string of digits')),
    v.pipe(v.number(), v.integer('must be whole Unix seconds')),
  ], 'must be Unix seconds (a string of digits)'),
  v.transform(Number),
  v.minValue(0, 'must not be before 1970'),
  v.maxValue(MAX_EPOCH_SECONDS, 'must be before the year 10000 (Unix seconds, not milliseconds)'),
  v.transform((seconds) => new Date(seconds * 1000)),
);

const OptionalText = v.optional(v.string('must be a string'));

/** A sender as `value.contacts[]` lists it; matched to messages by `wa_id` (or the business-scoped `user_id`). */
export const ContactSchema = v.looseObject({
  wa_id: v.optional(IdSchema),
  user_id: v.optional(IdSchema),
  profile: v.optional(v.looseObject({ name: OptionalText, username: OptionalText })),
});

/** What every message has, whatever its type; the content under `message[type]` is read by the converter. */
export const MessageSchema = v.pipe(v.looseObject({
  id: IdSchema,
  // Absent for a user who adopted a username: `from_user_id` (their business-scoped id) is there instead.
  from: v.optional(IdSchema),
  from_user_id: v.optional(IdSchema),
  timestamp: TimestampSchema,
  type: v.pipe(v.string('must be a string'), v.check((t) => t.trim() !== '', 'must not be empty'), v.maxLength(64, 'must be at most 64 characters')),
}, 'must be a message object'), v.check((m) => m.from !== undefined || m.from_user_id !== undefined, 'a message needs from (or from_user_id)'));

/** One message of a webhook, validated. */
export type WhatsAppMessage = v.InferOutput<typeof MessageSchema>;

/** A WhatsApp error as webhooks carry it. */
export const ErrorSchema = v.looseObject({
  code: v.optional(v.union([v.number(), v.string()])),
  title: OptionalText,
  message: OptionalText,
  error_data: v.optional(v.looseObject({ details: OptionalText })),
});

/** A WhatsApp error as webhooks carry it (`statuses[].errors[]`, `messages[].errors[]`, `value.errors[]`). */
export type WhatsAppError = v.InferOutput<typeof ErrorSchema>;

/** A receipt for a message the business sent. */
export const StatusSchema = v.looseObject({
  id: IdSchema,
  status: v.pipe(v.string('must be a string'), v.maxLength(64, 'must be at most 64 characters')),
  timestamp: v.optional(TimestampSchema),
  recipient_id: v.optional(IdSchema),
  errors: v.optional(v.array(ErrorSchema, 'must be an array')),
}, 'must be a status object');

/** The `value` of a `messages` change: what happened on one business phone number. */
export const MessagesValueSchema = v.looseObject({
  metadata: v.looseObject({ phone_number_id: IdSchema, display_phone_number: v.optional(v.union([v.string(), v.number()])) }, 'must be an object { phone_number_id, display_phone_number }'),
  contacts: v.optional(v.array(ContactSchema, 'must be an array')),
  messages: v.optional(v.array(MessageSchema, 'must be an array')),
  statuses: v.optional(v.array(StatusSchema, 'must be an array')),
  errors: v.optional(v.array(ErrorSchema, 'must be an array')),
}, 'must be an object { metadata, contacts?, messages?, statuses?, errors? }');

/** A validated `messages` change value. */
export type MessagesValue = v.InferOutput<typeof MessagesValueSchema>;

/**
 * The envelope of every WhatsApp Business Account webhook; each change's `value` is read by its `field`.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 */
export const WebhookSchema = v.looseObject({
  object: v.literal('whatsapp_business_account', 'must be "whatsapp_business_account"'),
  entry: v.array(v.looseObject({
    id: v.optional(v.union([v.string(), v.number()])),
    changes: v.array(v.looseObject({
      field: v.pipe(v.string('must be a string'), v.maxLength(128, 'must be at most 128 characters')),
      value: v.unknown(),
    }, 'must be an object { field, value }'), 'must be an array'),
  }, 'must be an object { id, changes }'), 'must be an array'),
}, 'the body must be a JSON object { object, entry }');
