import * as v from 'valibot';
import { isHttpUrl } from '../http-outcomes.ts';
import { isStorableExactly } from '../text.ts';
import { parseIsoDateTime } from './timestamp.ts';

const MAX_TEXT_CHARS = 65_536;
const MAX_ID_CHARS = 256;
const MAX_ATTACHMENTS = 20;
const MAX_URL_CHARS = 4096;
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// An id as messengers send them: a string, or a number that JSON carries exactly. Transforms
// sit outside the unions: a failed check inside an option would hide its message behind the union's.
const ExternalIdSchema = v.pipe(v.union([
  v.pipe(
    v.string(),
    v.check((id) => id.trim() !== '', 'must not be empty'),
    v.maxLength(MAX_ID_CHARS, `must be at most ${MAX_ID_CHARS} characters`),
    v.check(isStorableExactly, 'must not contain NUL characters or unpaired UTF-16 surrogates'),
  ),
  // Past 2^53 two different ids can parse to one number, and the second message would be dropped as a duplicate.
  v.pipe(v.number(), v.safeInteger('must be a whole number below 2^53 (send larger ids as strings)')),
], 'must be a string or a whole number'), v.transform(String));

const EpochMsSchema = v.pipe(
  v.number(),
  v.minValue(0, 'must not be before 1970'),
  v.maxValue(MAX_EPOCH_MS, 'must be before the year 10000 (epoch milliseconds, not microseconds)'),
);

const IsoTimestampSchema = v.pipe(
  v.string(),
  v.maxLength(64, 'must be an ISO-8601 date-time'),
  v.check(
    (text) => inRange(parseIsoDateTime(text)),
    'must be an ISO-8601 date or date-time (UTC unless it names a zone) within the years 1970..9999 (e.g. "2024-05-01T12:00:00Z")',
  ),
);

const TimestampSchema = v.pipe(
  v.union([EpochMsSchema, IsoTimestampSchema], 'must be Unix epoch milliseconds or an ISO-8601 string'),
  v.transform((value) => (typeof value === 'number' ? new Date(value) : parseIsoDateTime(value) as Date)),
);

function inRange(date: Date | undefined): boolean {
  return date !== undefined && date.getTime() >= 0 && date.getTime() <= MAX_EPOCH_MS;
}

const AttachmentSchema = v.looseObject({
  uploadUrl: v.pipe(
    v.string('must be a string'),
    v.maxLength(MAX_URL_CHARS, `must be at most ${MAX_URL_CHARS} characters`),
    v.check(isStorableExactly, 'must not contain NUL characters or unpaired UTF-16 surrogates'),
    v.check(isHttpUrl, 'must be an http(s) URL'),
  ),
  fileType: v.pipe(
    v.string('must be a string such as "Image", "Video", "Audio" or "File"'),
    v.check((type) => type.trim() !== '', 'must not be empty'),
    v.maxLength(64, 'must be at most 64 characters'),
  ),
  fileName: v.nullish(v.pipe(v.string('must be a string'), v.maxLength(1024, 'must be at most 1024 characters'))),
}, 'must be an object { uploadUrl, fileType, fileName? }');

/** The unified message of the custom provider, in both directions (DESIGN's public contract). */
export const CustomMessageSchema = v.looseObject({
  id: v.nullish(ExternalIdSchema),
  message: v.pipe(v.string('must be a string (it may be empty)'), v.maxLength(MAX_TEXT_CHARS, `must be at most ${MAX_TEXT_CHARS} characters`)),
  recipient: ExternalIdSchema,
  sender: ExternalIdSchema,
  timestamp: TimestampSchema,
  attachments: v.nullish(v.pipe(
    v.array(AttachmentSchema, 'must be an array'),
    v.maxLength(MAX_ATTACHMENTS, `must hold at most ${MAX_ATTACHMENTS} attachments`),
  )),
}, 'the body must be a JSON object');

/** A valid custom message: ids as strings, the timestamp as a Date. */
export type CustomMessage = v.InferOutput<typeof CustomMessageSchema>;
