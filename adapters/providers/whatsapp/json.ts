import { storableText } from '../text.ts';

const MAX_DEPTH = 8;
const MAX_ITEMS = 100;

/**
 * A copy of webhook JSON that PostgreSQL's jsonb accepts and a hostile payload cannot blow up:
 * strings (keys too) lose NUL and lone surrogates, depth and width are bounded, non-finite numbers
 * and undefined drop out.
 */
export function storableJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value === null) return value;
  if (depth >= MAX_DEPTH || typeof value !== 'object') return null;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => storableJson(item, depth + 1));
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .slice(0, MAX_ITEMS)
    .map(([key, item]) => [storableText(key), storableJson(item, depth + 1)] as const);
  return Object.fromEntries(entries);
}

/** An object without its undefined fields, or undefined when nothing is left. */
export function compact(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.entries(fields).filter(([, value]) => value !== undefined);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** A string field of a loose object, made storable; undefined when absent, empty or not a string. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? storableText(value) : undefined;
}
