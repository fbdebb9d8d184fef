import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../application/inbound/inbound-message.ts';
import { parseCustomWebhook } from '../../../adapters/providers/custom/index.ts';
import { customChannel, messageOf, utf8 } from './custom-fixtures.ts';

const base = { message: 'Hi there', sender: 'user-7', recipient: 'shop-bot', timestamp: 1714564800000 };

/** Parses a body as the HTTP edge would: the raw bytes, and the JSON made of them. */
function parse(body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return parseCustomWebhook(customChannel(), JSON.parse(text), { headers: new Headers(), rawBody: utf8(text) });
}

function parseOne(body: unknown): InboundMessage {
  const result = parse(body);
  if (!result.ok) throw new Error(`expected a valid payload, got: ${result.message}`);
  expect(result.events).toHaveLength(1);
  return messageOf(result.events[0]);
}

function rejection(body: unknown): string {
  const result = parse(body);
  if (result.ok) throw new Error('expected the payload to be rejected');
  return result.message;
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

describe('custom payload: ids and idempotency keys', () => {
  it.each([
    ['a string id', { ...base, id: 'msg-1' }, 'msg-1', 'msg-1'],
    ['a number id', { ...base, id: 42 }, '42', '42'],
    ['a null id, as absent', { ...base, id: null }, null, sha256(JSON.stringify({ ...base, id: null }))],
    ['no id: the hash of the raw body', base, null, sha256(JSON.stringify(base))],
  ])('%s', (_name, body, externalId, key) => {
    const message = parseOne(body);
    expect(message.externalId).toBe(externalId);
    expect(message.idempotencyKey).toBe(key);
  });

  it('gives an id-less redelivery of the same bytes the same key, and other bytes another', () => {
    const text = JSON.stringify(base);
    expect(parseOne(text).idempotencyKey).toBe(parseOne(text).idempotencyKey);
    expect(parseOne(JSON.stringify(base, null, 2)).idempotencyKey).not.toBe(parseOne(text).idempotencyKey);
  });

  it('takes numeric sender and recipient as strings', () => {
    expect(parseOne({ ...base, sender: 12345, recipient: 99 }).sender.externalId).toBe('12345');
  });

  it.each([
    ['an empty id', { ...base, id: '' }, 'id: must not be empty'],
    ['a fractional id', { ...base, id: 1.5 }, 'id: must be a whole number'],
    ['an id beyond 2^53', { ...base, id: 2 ** 60 }, 'send larger ids as strings'],
    ['a boolean id', { ...base, id: true }, 'id: must be a string or a whole number'],
    ['an over-long id', { ...base, id: 'x'.repeat(257) }, 'id: must be at most 256'],
    ['a blank sender', { ...base, sender: '  ' }, 'sender: must not be empty'],
    ['a NUL in the sender', { ...base, sender: 'a\u0000b' }, 'sender: must not contain NUL'],
    ['no recipient', { message: 'x', sender: 's', timestamp: 1 }, 'recipient: is required'],
    ['no message', { sender: 's', recipient: 'r', timestamp: 1 }, 'message: is required'],
    ['a message that is not a string', { ...base, message: 5 }, 'message: must be a string'],
    ['a body that is not an object', 'null', 'the body must be a JSON object'],
  ])('rejects %s', (_name, body, reason) => {
    expect(rejection(body)).toContain(reason);
  });
});

describe('custom payload: timestamps', () => {
  it.each([
    ['epoch milliseconds', 1714564800000, '2024-05-01T12:00:00.000Z'],
    ['epoch 0', 0, '1970-01-01T00:00:00.000Z'],
    ['ISO with Z', '2024-05-01T12:00:00Z', '2024-05-01T12:00:00.000Z'],
    ['ISO with milliseconds', '2024-05-01T12:00:00.250Z', '2024-05-01T12:00:00.250Z'],
    ['ISO with an offset', '2024-05-01T14:00:00+02:00', '2024-05-01T12:00:00.000Z'],
    ['ISO with a compact offset, no seconds', '2024-05-01T07:30-0430', '2024-05-01T12:00:00.000Z'],
    ['ISO with a space', '2024-05-01 12:00:00Z', '2024-05-01T12:00:00.000Z'],
    ['a leap day', '2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['a date without a time, as UTC midnight', '2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['a time without a zone, as UTC (never the server\'s local time)', '2024-05-01T12:00:00', '2024-05-01T12:00:00.000Z'],
  ])('reads %s', (_name, timestamp, iso) => {
    expect(parseOne({ ...base, timestamp }).sentAt.toISOString()).toBe(iso);
  });

  it.each([
    ['a negative number', -1],
    ['the year 10000', Date.UTC(10000, 0, 1)],
    ['microseconds', 1714564800000000],
    ['February 30th', '2024-02-30T00:00:00Z'],
    ['February 29th of a common year', '2023-02-29T00:00:00Z'],
    ['hour 24', '2024-05-01T24:00:00Z'],
    ['a date with a dangling T', '2024-05-01T'],
    ['a year before 1970', '1969-12-31T23:59:59Z'],
    ['a year below 100', '0070-01-01T00:00:00Z'],
    ['words', 'yesterday'],
    ['a numeric string', '1714564800000'],
    ['a boolean', true],
    ['null', null],
  ])('rejects %s', (_name, timestamp) => {
    expect(rejection({ ...base, timestamp })).toMatch(/^timestamp: /);
  });
});

describe('custom payload: text', () => {
  it.each([
    ['an empty message', '', ''],
    ['emoji and other scripts as they are', 'Привет 👋🏽 你好 🇺🇦 e\u0301', 'Привет 👋🏽 你好 🇺🇦 e\u0301'],
    ['NUL as U+FFFD (PostgreSQL text cannot hold it)', 'a\u0000b\u0000', 'a\uFFFDb\uFFFD'],
    ['a lone surrogate as U+FFFD', 'x\uD83Dy', 'x\uFFFDy'],
    ['64 Ki characters', 'z'.repeat(65_536), 'z'.repeat(65_536)],
  ])('keeps %s', (_name, message, text) => {
    const inbound = parseOne({ ...base, message });
    expect(inbound.text).toBe(text);
    expect(inbound.type).toBe('text');
  });

  it('rejects a text over 64 Ki characters', () => {
    expect(rejection({ ...base, message: 'z'.repeat(65_537) })).toContain('message: must be at most 65536');
  });

  it('ignores fields it does not know', () => {
    expect(parseOne({ ...base, id: 'm', channel: 'x', extra: { deep: true } }).text).toBe('Hi there');
  });
});
