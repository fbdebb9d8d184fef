import * as v from 'valibot';

/** An id as the API gives them out (UUID); anything else is a BAD_REQUEST, never a database error. */
export const IdSchema = v.pipe(v.string(), v.uuid('must be an id (UUID)'));

/** A cursor from a previous page. */
export const CursorSchema = v.optional(v.nullable(v.pipe(v.string(), v.maxLength(512))));

/** How many rows per page. */
export const LimitSchema = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)));

/** Text PostgreSQL stores exactly: no NUL, no unpaired UTF-16 surrogate. */
export const StorableTextSchema = v.pipe(
  v.string('must be a string'),
  v.check((text) => !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text), 'must not contain NUL characters or unpaired surrogates'),
);

/** A human-given name. */
export const NameSchema = v.pipe(StorableTextSchema, v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200, 'must be at most 200 characters'));
