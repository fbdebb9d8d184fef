const NUL = /\u0000/g;
// A UTF-16 surrogate without its partner: valid in a JS string (and in JSON "\ud800"), not in UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL can store it: NUL and lone surrogates become U+FFFD, so every database
 * (and the in-memory fakes) keeps the same string instead of one of them failing the insert.
 */
export function storableText(text: string): string {
  return text.replace(NUL, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}
