import * as v from 'valibot';
import { isStorableExactly } from '../text.ts';

// Only the fields we read are checked; every object is loose, since the Bot API adds fields often.
// @see https://core.telegram.org/bots/api#available-types

const MAX_UNIX_SECONDS = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;

// Ids "may have more than 32 significant bits but at most 52": exact as JSON numbers, kept as strings after.
// Past 2^53 two ids could read as one, and a real message would pass for a duplicate: refused.
const IdSchema = v.pipe(v.number('must be a number'), v.safeInteger('must be a whole number below 2^53'));

const UnixTimeSchema = v.pipe(
  v.number('must be Unix time in seconds'),
  v.integer('must be Unix time in whole seconds'),
  v.minValue(0, 'must not be before 1970'),
  v.maxValue(MAX_UNIX_SECONDS, 'must be Unix time in seconds (before the year 10000)'),
);

const TokenSchema = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(1024, 'must be at most 1024 characters'),
  v.check(isStorableExactly, 'must not contain NUL characters or unpaired UTF-16 surrogates'),
);

const SizeSchema = v.optional(v.pipe(v.number('must be a number'), v.safeInteger('must be a whole number'), v.minValue(0, 'must not be negative')));

/** A user or bot; `id` may exceed 2^31. @see https://core.telegram.org/bots/api#user */
export const UserSchema = v.looseObject({
  id: IdSchema,
  is_bot: v.optional(v.boolean('must be a boolean')),
  first_name: v.optional(v.string('must be a string')),
  last_name: v.optional(v.string('must be a string')),
  username: v.optional(v.string('must be a string')),
  language_code: v.optional(v.string('must be a string')),
}, 'must be a User object');

/** @see https://core.telegram.org/bots/api#chat */
const ChatSchema = v.looseObject({ id: IdSchema, type: v.string('must be a string') }, 'must be a Chat object');

/** Any file object (Video, Audio, Document, Voice, VideoNote, Animation, Sticker, PhotoSize): what we keep of it. */
const FileSchema = v.looseObject({
  file_id: TokenSchema,
  file_unique_id: v.optional(v.string('must be a string')),
  file_size: SizeSchema,
  file_name: v.optional(v.string('must be a string')),
  mime_type: v.optional(v.string('must be a string')),
  width: v.optional(v.number('must be a number')),
  height: v.optional(v.number('must be a number')),
}, 'must be a file object with a file_id');

/** A file as the converter reads it. */
export type TelegramFile = v.InferOutput<typeof FileSchema>;

const LocationSchema = v.looseObject({
  latitude: v.number('must be a number'),
  longitude: v.number('must be a number'),
}, 'must be a Location object');

/** @see https://core.telegram.org/bots/api#message */
export const MessageSchema = v.looseObject({
  message_id: IdSchema,
  from: v.optional(UserSchema),
  chat: ChatSchema,
  date: UnixTimeSchema,
  edit_date: v.optional(UnixTimeSchema),
  text: v.optional(v.string('must be a string')),
  caption: v.optional(v.string('must be a string')),
  media_group_id: v.optional(v.string('must be a string')),
  photo: v.optional(v.pipe(v.array(FileSchema, 'must be an array of PhotoSize'), v.minLength(1, 'must hold at least one size'))),
  video: v.optional(FileSchema),
  video_note: v.optional(FileSchema),
  animation: v.optional(FileSchema),
  audio: v.optional(FileSchema),
  voice: v.optional(FileSchema),
  document: v.optional(FileSchema),
  sticker: v.optional(FileSchema),
  location: v.optional(LocationSchema),
  venue: v.optional(v.looseObject({
    location: LocationSchema, title: v.string('must be a string'), address: v.string('must be a string'),
  }, 'must be a Venue object')),
  contact: v.optional(v.looseObject({ phone_number: v.string('must be a string'), first_name: v.string('must be a string') }, 'must be a Contact object')),
}, 'must be a Message object');

/** A valid message: ids still numbers (exact), times in Unix seconds. */
export type TelegramMessage = v.InferOutput<typeof MessageSchema>;

/** A tap on an inline keyboard button. @see https://core.telegram.org/bots/api#callbackquery */
export const CallbackQuerySchema = v.looseObject({
  id: TokenSchema,
  from: UserSchema,
  // A MaybeInaccessibleMessage: `date` 0 when the bot can no longer see it; only its chat is read.
  message: v.optional(v.looseObject({ message_id: IdSchema, chat: ChatSchema, date: v.optional(UnixTimeSchema) }, 'must be a Message object')),
  inline_message_id: v.optional(v.string('must be a string')),
  chat_instance: v.optional(v.string('must be a string')),
  data: v.optional(v.string('must be a string')),
  game_short_name: v.optional(v.string('must be a string')),
}, 'must be a CallbackQuery object');

/** A valid callback query. */
export type TelegramCallbackQuery = v.InferOutput<typeof CallbackQuerySchema>;

/**
 * One webhook body: an Update, of which "at most one of the optional parameters can be present".
 * Kinds we do not read stay unchecked and become `ignored`. @see https://core.telegram.org/bots/api#update
 */
export const UpdateSchema = v.looseObject({
  update_id: IdSchema,
  message: v.optional(MessageSchema),
  edited_message: v.optional(MessageSchema),
  callback_query: v.optional(CallbackQuerySchema),
}, 'the body must be a Telegram Update object');

/** A valid update. */
export type TelegramUpdate = v.InferOutput<typeof UpdateSchema>;
