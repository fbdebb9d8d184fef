import { storableText } from '../text.ts';

const MAX_DEPTH = 6;
const MAX_ITEMS = 100;

/**
 * A copy of webhook JSON that PostgreSQL's jsonb takes as it is: no NUL or lone surrogate in any
 * string or key (jsonb refuses `\u0000`), bounded depth and length, so metadata of a kind we do
 * not know is kept without risking the insert.
 */
export function storableJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => storableJson(item, depth + 1));
  const entries = Object.entries(value as Record<string, unknown>).slice(0, MAX_ITEMS);
  return Object.fromEntries(entries.map(([key, item]) => [storableText(key), storableJson(item, depth + 1)]));
}
