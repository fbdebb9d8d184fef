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

/**
 * True when the text is stored exactly as given. Ids must be: two ids that differ only in what
 * the database would replace would become one, and a real message would pass for a duplicate.
 */
export function isStorableExactly(text: string): boolean {
  return !/\u0000/.test(text) && !new RegExp(LONE_SURROGATE.source).test(text);
}
